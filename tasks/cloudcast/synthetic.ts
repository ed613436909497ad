// Seeded synthetic data of the real shape: a 71-region three-cloud graph
// (used when no real data is configured) and multicast suites over any graph
// (used on the real graph too, for the held-out split).
import { deriveRng, type Rng } from '../../src/core/rng.js';
import { CONFIG_SLOTS, NUM_VMS, providerOf, type CloudcastConfig, type GraphData } from './contract.js';
import { graphFromRows, type EdgeRow } from './graph.js';

export const CONTINENTS = ['na', 'eu', 'as', 'oc', 'sa', 'me'] as const;
type Continent = (typeof CONTINENTS)[number];
/** Shares close to the real 71 regions (about 17 NA, 20 EU, 19 Asia, 4 Oceania, 4 S. America, 7 Middle East/Africa). */
const CONTINENT_WEIGHTS = [0.24, 0.28, 0.27, 0.06, 0.06, 0.09];
export const REGIONS_PER_PROVIDER: Readonly<Record<string, number>> = { aws: 25, azure: 22, gcp: 24 };
/** Median per-VM throughput (Gbit/s) of the real measurements, by (source, destination) provider. */
export const MEDIAN_GBPS: Readonly<Record<string, number>> = {
  'aws>aws': 5.0,
  'aws>azure': 5.1,
  'aws>gcp': 5.1,
  'azure>aws': 3.6,
  'azure>azure': 14.7,
  'azure>gcp': 7.3,
  'gcp>aws': 6.6,
  'gcp>azure': 8.1,
  'gcp>gcp': 23.0,
};
/** Log-normal spread per pair (AWS sources are pinned near their 5 Gbit/s NIC cap, as measured). */
const SIGMA: Readonly<Record<string, number>> = {
  'aws>aws': 0.05,
  'aws>azure': 0.05,
  'aws>gcp': 0.05,
  'azure>aws': 0.5,
  'azure>azure': 0.35,
  'azure>gcp': 0.55,
  'gcp>aws': 0.3,
  'gcp>azure': 0.15,
  'gcp>gcp': 0.4,
};
const AWS_INTRA_PREMIUM = [0.08, 0.085, 0.09, 0.098, 0.1, 0.1105, 0.138, 0.147];
const AWS_INTERNET_PREMIUM = [0.1093, 0.11, 0.114, 0.117, 0.12, 0.126, 0.132, 0.15, 0.154];

interface Region {
  name: string;
  provider: string;
  continent: Continent;
  awsIntra: number;
  awsInternet: number;
}

const core = (c: Continent): boolean => c === 'na' || c === 'eu';
const NEIGHBOURS = new Set(
  ['na-eu', 'as-oc', 'na-sa', 'eu-me', 'as-me'].flatMap((p) => [p, p.split('-').reverse().join('-')]),
);

/** $/GB list-price model by provider and continent (our own simplification of the real price grid). */
export function syntheticCost(u: Region, v: Region): number {
  const same = u.continent === v.continent;
  if (u.provider === 'aws') return v.provider === 'aws' ? u.awsIntra : u.awsInternet;
  if (u.provider === 'azure') {
    if (v.provider === 'azure') return same ? 0.02 : core(u.continent) ? 0.05 : u.continent === 'sa' ? 0.16 : 0.08;
    return core(u.continent) ? 0.0875 : u.continent === 'sa' ? 0.181 : 0.12;
  }
  if (v.provider === 'gcp') {
    // Neighbouring continents are cheap and far destinations dear, so a relay
    // sometimes beats the direct link (as us-east1 -> asia-northeast3 -> asia-southeast2 does for real).
    if (same) return 0.02;
    if (NEIGHBOURS.has(`${u.continent}-${v.continent}`)) return 0.05;
    return v.continent === 'oc' || v.continent === 'sa' ? 0.15 : 0.08;
  }
  if (core(u.continent)) return 0.12;
  return u.continent === 'oc' ? 0.19 : u.continent === 'as' ? 0.14 : 0.147;
}

function regions(rng: Rng): Region[] {
  const out: Region[] = [];
  const counter = new Map<string, number>();
  for (const [provider, count] of Object.entries(REGIONS_PER_PROVIDER)) {
    for (let i = 0; i < count; i++) {
      const continent = CONTINENTS[rng.weighted(CONTINENT_WEIGHTS)]!;
      const key = `${provider}:${continent}`;
      const k = (counter.get(key) ?? 0) + 1;
      counter.set(key, k);
      out.push({
        name: `${provider}:${continent}-syn${k}`,
        provider,
        continent,
        awsIntra: core(continent) ? 0.02 : rng.pick(AWS_INTRA_PREMIUM),
        awsInternet: core(continent) ? 0.09 : rng.pick(AWS_INTERNET_PREMIUM),
      });
    }
  }
  return out;
}

/**
 * A complete directed graph over 71 synthetic regions (25 AWS, 22 Azure, 24 GCP).
 * Per-VM throughput = pair median x 1.25 (same continent) or 0.9 (other) x
 * exp(sigma N(0,1)), at least 0.1 Gbit/s; the graph value is NUM_VMS x that,
 * as for the real profile. Rows come in a shuffled order, which fixes the node
 * and successor orders the way the real file's row order does.
 */
export function syntheticGraph(seed: number): GraphData {
  const rng = deriveRng(seed, 'cloudcast-graph');
  const rs = regions(rng);
  const pairs: [Region, Region][] = [];
  for (const u of rs) for (const v of rs) if (u !== v) pairs.push([u, v]);
  rng.shuffle(pairs);
  const rows: EdgeRow[] = pairs.map(([u, v]) => {
    const key = `${u.provider}>${v.provider}`;
    const near = u.continent === v.continent ? 1.25 : 0.9;
    const gbps = Math.max(0.1, MEDIAN_GBPS[key]! * near * Math.exp(SIGMA[key]! * rng.normal()));
    const sentBits = Math.round(gbps * 1e9);
    return { src: u.name, dst: v.name, cost: syntheticCost(u, v), throughputGbps: (NUM_VMS * sentBits) / 1e9 };
  });
  return graphFromRows(rows);
}

const LIMITS = { ingress: { aws: 10, gcp: 16, azure: 16 }, egress: { aws: 5, gcp: 7, azure: 16 } };

function take(rng: Rng, pool: readonly string[], count: number, exclude: ReadonlySet<string>): string[] {
  const free = rng.shuffle(pool.filter((r) => !exclude.has(r)));
  if (free.length < count) throw new Error(`synthetic suite: need ${count} regions, only ${free.length} left`);
  return free.slice(0, count);
}

/**
 * Five configurations shaped like the real ones over `graph`: three intra-cloud
 * (a random source and 6 other regions of one provider), an inter-cloud one
 * from a GCP source to 3 Azure + 2 AWS + 1 GCP regions (shuffled), and the same
 * plus one more AWS region at the end. 300 GB, 10 partitions, the real limits.
 */
export function syntheticSuite(graph: GraphData, seed: number): CloudcastConfig[] {
  const rng = deriveRng(seed, 'cloudcast-suite');
  const by = (p: string): string[] => graph.nodes.filter((n) => providerOf(n) === p);
  const config = (name: string, source: string, destinations: string[]): CloudcastConfig => ({
    name,
    source,
    destinations,
    dataVolGb: 300,
    numPartitions: 10,
    ingressLimit: { ...LIMITS.ingress },
    egressLimit: { ...LIMITS.egress },
  });
  const intra = (name: string, provider: string): CloudcastConfig => {
    const src = rng.pick(by(provider));
    return config(name, src, take(rng, by(provider), 6, new Set([src])));
  };
  const configs = [intra(CONFIG_SLOTS[0], 'aws'), intra(CONFIG_SLOTS[1], 'azure'), intra(CONFIG_SLOTS[2], 'gcp')];
  const src = rng.pick(by('gcp'));
  const used = new Set([src]);
  const dsts = [...take(rng, by('azure'), 3, used), ...take(rng, by('aws'), 2, used), ...take(rng, by('gcp'), 1, used)];
  rng.shuffle(dsts);
  for (const d of dsts) used.add(d);
  configs.push(config(CONFIG_SLOTS[3], src, dsts));
  configs.push(config(CONFIG_SLOTS[4], src, [...dsts, ...take(rng, by('aws'), 1, used)]));
  return configs;
}
