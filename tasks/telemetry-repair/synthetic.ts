// Synthetic clean snapshots of the same shape as the real ones: the Abilene
// backbone (12 routers, 15 links, 30 interfaces), a gravity traffic matrix
// routed on shortest paths by distance, and a small measurement asymmetry
// between the two ends of each link. Cases are then drawn and perturbed by the
// reference's own procedure (`buildCases`). Statistics: see the README.

import { deriveRng, type Rng } from '../../src/core/rng.js';
import type { CleanSnapshot, TelemetryCase } from './contract.js';
import { buildCases } from './perturb.js';

/** Abilene routers and links (distance in km), as in the reference topology. */
export const ROUTERS = [
  'ATLAM5',
  'ATLAng',
  'CHINng',
  'DNVRng',
  'HSTNng',
  'IPLSng',
  'KSCYng',
  'LOSAng',
  'NYCMng',
  'SNVAng',
  'STTLng',
  'WASHng',
] as const;
export const LINKS: readonly (readonly [number, number, number])[] = [
  [0, 1, 132.4],
  [1, 4, 1079.45],
  [1, 5, 590.24],
  [1, 11, 899.49],
  [2, 5, 259.17],
  [2, 8, 1145.19],
  [3, 6, 744.22],
  [3, 9, 1514.43],
  [3, 10, 1571.42],
  [4, 6, 1027.12],
  [4, 7, 2193.58],
  [5, 6, 901.52],
  [7, 9, 503.79],
  [8, 11, 335.08],
  [9, 10, 1136.31],
];

/** Snapshots per synthetic set (the real CSV has 40 rows). */
export const SNAPSHOTS = 40;
/** Mean total originated traffic per snapshot, Mbps (real: 2723). */
export const MEAN_TOTAL_MBPS = 2700;
const ROUTER_WEIGHT_SIGMA = 0.7; // lognormal spread of per-router origin weights
const SINK_SIGMA = 0.3; // destination weight = origin weight x lognormal(this): routers both send and receive
const TIME_SIGMA = 0.35; // lognormal spread of the per-snapshot traffic level
const PAIR_SIGMA = 0.5; // lognormal noise per demand
const BURST_PROBABILITY = 0.1; // chance that one demand in a snapshot bursts
const BURST_FACTOR = [5, 20] as const;
const ASYMMETRY_SD = 0.0174; // relative tx/rx mismatch between link ends (real: median |.| 1.2 %)
const ASYMMETRY_MAX = 0.04;

const lognormal = (rng: Rng, sigma: number): number => Math.exp(sigma * rng.normal() - (sigma * sigma) / 2);
const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** Next hop tables: shortest paths by distance (Dijkstra; ties to the lower router index). */
function shortestPaths(): number[][] {
  const n = ROUTERS.length;
  const adj: [number, number][][] = Array.from({ length: n }, () => []);
  for (const [a, b, d] of LINKS) {
    adj[a]!.push([b, d]);
    adj[b]!.push([a, d]);
  }
  // prev[s][t] = the router before t on the path from s.
  return Array.from({ length: n }, (_, s) => {
    const dist = new Array<number>(n).fill(Infinity);
    const prev = new Array<number>(n).fill(-1);
    const done = new Array<boolean>(n).fill(false);
    dist[s] = 0;
    for (let round = 0; round < n; round++) {
      let u = -1;
      for (let v = 0; v < n; v++) if (!done[v] && (u < 0 || dist[v]! < dist[u]!)) u = v;
      done[u] = true;
      for (const [v, d] of adj[u]!) {
        if (dist[u]! + d < dist[v]!) {
          dist[v] = dist[u]! + d;
          prev[v] = u;
        }
      }
    }
    return prev;
  });
}

/** `count` clean snapshots for one seed. */
export function generateSnapshots(seed: number, count = SNAPSHOTS): CleanSnapshot[] {
  const rng = deriveRng(seed, 'telemetry-repair', 'snapshots');
  const n = ROUTERS.length;
  const prev = shortestPaths();
  const origin = ROUTERS.map(() => lognormal(rng, ROUTER_WEIGHT_SIGMA));
  const destination = origin.map((o) => o * lognormal(rng, SINK_SIGMA));
  let pairWeight = 0;
  for (let s = 0; s < n; s++) for (let t = 0; t < n; t++) if (s !== t) pairWeight += origin[s]! * destination[t]!;
  // Interfaces in the real data's order: by local router, then remote router.
  const ids: [number, number][] = [];
  for (const [a, b] of LINKS) ids.push([a, b], [b, a]);
  ids.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const snapshots: CleanSnapshot[] = [];
  for (let k = 0; k < count; k++) {
    const level = (MEAN_TOTAL_MBPS * lognormal(rng, TIME_SIGMA)) / pairWeight;
    const load = new Float64Array(n * n); // load[a * n + b] = traffic on a -> b
    const burst = rng.float() < BURST_PROBABILITY ? rng.int(n * n) : -1;
    for (let s = 0; s < n; s++) {
      for (let t = 0; t < n; t++) {
        if (s === t) continue;
        let demand = level * origin[s]! * destination[t]! * lognormal(rng, PAIR_SIGMA);
        if (s * n + t === burst) demand *= BURST_FACTOR[0] + (BURST_FACTOR[1] - BURST_FACTOR[0]) * rng.float();
        for (let v = t; v !== s; v = prev[s]![v]!) load[prev[s]![v]! * n + v]! += demand;
      }
    }
    const asym = new Float64Array(n * n);
    for (let i = 0; i < asym.length; i++)
      asym[i] = Math.max(-ASYMMETRY_MAX, Math.min(ASYMMETRY_MAX, ASYMMETRY_SD * rng.normal()));
    snapshots.push({
      label: `synthetic seed ${seed} snapshot ${k}`,
      interfaces: ids.map(([a, b]) => ({
        id: `${ROUTERS[a]}_to_${ROUTERS[b]}`,
        localRouter: ROUTERS[a]!,
        remoteRouter: ROUTERS[b]!,
        // tx is what a sends toward b; rx is b -> a as measured at a (the far end's egress, slightly off).
        txRate: round3(load[a * n + b]!),
        rxRate: round3(load[b * n + a]! * (1 + asym[b * n + a]!)),
      })),
    });
  }
  return snapshots;
}

/** A synthetic case set: snapshots from `seed`, then the reference's draw and perturbation with `seed`. */
export function generateCases(seed: number): TelemetryCase[] {
  return buildCases(generateSnapshots(seed), seed);
}
