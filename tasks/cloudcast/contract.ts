// Shapes and constants shared by the host and the sandbox harness (pure: no Node imports).

/** VMs per region (fixed by the reference evaluator). */
export const NUM_VMS = 2;
/** VM price in $/h (m5.8xlarge spot in the reference simulator). */
export const VM_PRICE_PER_HOUR = 0.54;
/** Leaderboard anchors, used as-is for the five real configurations. */
export const LEADERBOARD_LOWER_COST = 1199.0;
export const LEADERBOARD_UPPER_COST = 626.24;
/** The reference's built-in limits (Gbit/s), used only for a provider a config leaves out (not multiplied). */
export const DEFAULT_INGRESS: Readonly<Record<string, number>> = { aws: 10, gcp: 16, azure: 16 };
export const DEFAULT_EGRESS: Readonly<Record<string, number>> = { aws: 5, gcp: 7, azure: 16 };
export const PROVIDERS = ['aws', 'azure', 'gcp'] as const;
export type Provider = (typeof PROVIDERS)[number];
/** The five configuration slots of a suite, in the reference's summation order. */
export const CONFIG_SLOTS = ['intra_aws', 'intra_azure', 'intra_gcp', 'inter_agz', 'inter_gaz2'] as const;
/** Upper bound on hops the harness copies out of one answer (a sane program uses a few hundred). */
export const MAX_HOPS_PER_CONFIG = 200_000;

/** One multicast problem: the reference's config JSON, renamed. Limits are per VM (Gbit/s). */
export interface CloudcastConfig {
  name: string;
  source: string;
  destinations: string[];
  dataVolGb: number;
  numPartitions: number;
  ingressLimit: Record<string, number>;
  egressLimit: Record<string, number>;
}

/**
 * The region graph as plain JSON: `edges` is flat, 4 numbers per directed edge in
 * insertion order (source index, destination index, $/GB, Gbit/s with NUM_VMS applied).
 */
export interface GraphData {
  nodes: string[];
  edges: number[];
}

/** What one instance (a suite of configurations over one graph) carries into the sandbox. */
export interface CloudcastInstanceData {
  suite: string;
  graph: GraphData;
  configs: CloudcastConfig[];
}

/** What the candidate receives as its fifth argument. */
export interface CloudcastInfo {
  dataVolGb: number;
  numVms: number;
  /** Provider -> Gbit/s per region (already multiplied by numVms). */
  ingressLimitGbps: Record<string, number>;
  egressLimitGbps: Record<string, number>;
  vmPricePerHour: number;
}

/** Harness output per configuration: the topology as plain data, or why it could not be read. */
export type HarnessTopology = { entries: [string, unknown][] } | { error: string };
export interface HarnessOutput {
  topologies: HarnessTopology[];
}

/** Provider of a region id: the text before the first ':'. */
export const providerOf = (region: string): string => {
  const at = region.indexOf(':');
  return at < 0 ? region : region.slice(0, at);
};

/** Limits in Gbit/s with NUM_VMS applied (missing providers fall back to the unmultiplied defaults). */
export function effectiveLimits(config: CloudcastConfig): {
  ingress: Record<string, number>;
  egress: Record<string, number>;
} {
  const ingress: Record<string, number> = { ...DEFAULT_INGRESS };
  const egress: Record<string, number> = { ...DEFAULT_EGRESS };
  for (const [p, v] of Object.entries(config.ingressLimit)) ingress[p] = NUM_VMS * v;
  for (const [p, v] of Object.entries(config.egressLimit)) egress[p] = NUM_VMS * v;
  return { ingress, egress };
}
