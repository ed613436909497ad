import type { Split } from '../../src/core/types.js';

/** The nine regions of the real data, in the order of the spec's statistics table. */
export const REGIONS = [
  'us-east-1a_v100_1',
  'us-east-1c_v100_1',
  'us-east-1d_v100_1',
  'us-east-1f_v100_1',
  'us-east-2a_v100_1',
  'us-east-2b_v100_1',
  'us-west-2a_v100_1',
  'us-west-2b_v100_1',
  'us-west-2c_v100_1',
] as const;
export type Region = (typeof REGIONS)[number];

export interface Scenario {
  name: string;
  /** Region index in a run = position in this list. */
  regions: readonly Region[];
  /** Trace file numbers n (file `n.json` of every listed region). */
  files: readonly number[];
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** The leaderboard's six scenarios (34 runs), in table order: the score averages them in this order. */
export const SCENARIOS: readonly Scenario[] = [
  { name: '2_zones_same_region', regions: ['us-east-1a_v100_1', 'us-east-1c_v100_1'], files: range(8) },
  { name: '2_regions_east_west', regions: ['us-east-2a_v100_1', 'us-west-2a_v100_1'], files: range(8) },
  {
    name: '3_regions_diverse',
    regions: ['us-east-1a_v100_1', 'us-east-2b_v100_1', 'us-west-2c_v100_1'],
    files: range(6),
  },
  {
    name: '3_zones_same_region',
    regions: ['us-east-1a_v100_1', 'us-east-1c_v100_1', 'us-east-1d_v100_1'],
    files: range(6),
  },
  {
    name: '5_regions_high_diversity',
    regions: ['us-east-1a_v100_1', 'us-east-1f_v100_1', 'us-west-2a_v100_1', 'us-west-2b_v100_1', 'us-east-2b_v100_1'],
    files: range(4),
  },
  {
    name: 'all_9_regions',
    regions: [
      'us-east-2a_v100_1',
      'us-west-2c_v100_1',
      'us-east-1d_v100_1',
      'us-east-2b_v100_1',
      'us-west-2a_v100_1',
      'us-east-1f_v100_1',
      'us-east-1a_v100_1',
      'us-west-2b_v100_1',
      'us-east-1c_v100_1',
    ],
    files: range(2),
  },
];

/**
 * One instance = one scenario's half of its trace files, so the sandbox is
 * crossed once per group of runs (12 crossings for all 34 runs). The first half
 * of each scenario's files is searched on, the second half is held out; every
 * scenario is present in both splits, so a split's score has the same shape as
 * the leaderboard's (a mean of per-scenario averages).
 */
export interface InstanceGroup {
  id: string;
  split: Split;
  scenarioIndex: number;
  scenario: Scenario;
  files: number[];
}

export function instanceGroups(): InstanceGroup[] {
  const groups: InstanceGroup[] = [];
  SCENARIOS.forEach((scenario, scenarioIndex) => {
    const half = Math.ceil(scenario.files.length / 2);
    const parts: [Split, number[]][] = [
      ['train', scenario.files.slice(0, half)],
      ['test', scenario.files.slice(half)],
    ];
    for (const [split, files] of parts) {
      const span = files.length === 1 ? `${files[0]}` : `${files[0]}-${files[files.length - 1]}`;
      groups.push({ id: `${scenario.name}/${span}`, split, scenarioIndex, scenario, files });
    }
  });
  return groups;
}

/** The (region, file) pairs the scenarios read. */
export function neededTraces(): Map<Region, number[]> {
  const need = new Map<Region, Set<number>>();
  for (const s of SCENARIOS) {
    for (const r of s.regions) {
      const set = need.get(r) ?? new Set<number>();
      s.files.forEach((f) => set.add(f));
      need.set(r, set);
    }
  }
  return new Map([...need].map(([r, set]) => [r, [...set].sort((a, b) => a - b)]));
}
