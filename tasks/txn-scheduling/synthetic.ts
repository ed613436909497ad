// Seeded synthetic workloads with the shapes of the three reference workloads
// (spec §3). Statistics are documented in the README and checked by a test.
import { PyRandom } from '../../src/core/cpython-random.js';

export interface NamedWorkload {
  name: string;
  /** Transactions in id order, each `r-<key>`/`w-<key>`/`*` tokens separated by single spaces. */
  txns: string[];
}

/** Three workloads whose makespans are summed into one result. */
export interface WorkloadSet {
  name: string;
  workloads: NamedWorkload[];
}

export const TXNS_PER_WORKLOAD = 100;
const TYPE1_OPS = 16;
const TYPE1_HOT = 4; // keys 1..4 are in every transaction
const TYPE1_WARM_MAX = 20; // keys 5..20 are included with a decreasing probability
const TYPE1_TAIL_MAX = 5000; // the rest come from 21..5000, log-uniform
const WRITE_PROBABILITY = 0.55;
/** Half-width of the uniform jitter around a key's home slot (calibrated: identity makespan ~450). */
const SLOT_JITTER = 2.5;

/** Inclusion probability of warm key k (5..20): linear from 0.90 down to 0.15. */
export function warmKeyProbability(k: number): number {
  return 0.9 - 0.05 * (k - 5);
}

function shuffle(rng: PyRandom, xs: number[]): void {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = rng.randbelow(i + 1);
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
}

/**
 * OLTP-like: 16 distinct keys per txn, hot keys 1-4 always, warm 5-20 often, a
 * long tail. Each key has a home slot (drawn once per workload) and a txn lists
 * its keys by home slot plus a uniform jitter of +-SLOT_JITTER: the real
 * workload places each key near a fixed slot (key 3 at slots 2-5, key 1 at
 * 9-13, key 2 at 14-16), which lets transactions pipeline. A plain random
 * order would make the identity makespan ~1020 instead of the real 452.
 */
export function generateType1(rng: PyRandom, count = TXNS_PER_WORKLOAD): string[] {
  const txns: string[] = [];
  const tailSpan = Math.log((TYPE1_TAIL_MAX + 1) / (TYPE1_WARM_MAX + 1));
  const home = new Map<number, number>();
  const homeSlot = (k: number): number => {
    let h = home.get(k);
    if (h === undefined) home.set(k, (h = 1 + rng.random() * (TYPE1_OPS - 1)));
    return h;
  };
  for (let t = 0; t < count; t++) {
    const keys: number[] = [];
    for (let k = 1; k <= TYPE1_HOT; k++) keys.push(k);
    const warm: number[] = [];
    for (let k = TYPE1_HOT + 1; k <= TYPE1_WARM_MAX; k++) if (rng.random() < warmKeyProbability(k)) warm.push(k);
    // More warm keys than free slots (rare): keep a random subset.
    shuffle(rng, warm);
    keys.push(...warm.slice(0, TYPE1_OPS - TYPE1_HOT));
    while (keys.length < TYPE1_OPS) {
      const k = Math.floor((TYPE1_WARM_MAX + 1) * Math.exp(rng.random() * tailSpan));
      if (k <= TYPE1_TAIL_MAX && !keys.includes(k)) keys.push(k);
    }
    const placed = keys.map((k) => ({ k, at: homeSlot(k) + (2 * rng.random() - 1) * SLOT_JITTER }));
    placed.sort((a, b) => a.at - b.at);
    txns.push(placed.map(({ k }) => `${rng.random() < WRITE_PROBABILITY ? 'w' : 'r'}-${k}`).join(' '));
  }
  return txns;
}

const stars = (n: number): string[] => Array.from({ length: n }, () => '*');

/** Half long read-mostly txns, half short read-write txns; b in 11..50 and a = floor((b-1)/10). */
export function generateType2(rng: PyRandom, count = TXNS_PER_WORKLOAD): string[] {
  const txns: string[] = [];
  for (let t = 0; t < count; t++) {
    const b = rng.randint(11, 50);
    const a = Math.floor((b - 1) / 10);
    const ops =
      t < count / 2 ? [`r-${a}`, `r-${b}`, `w-${b}`, ...stars(18)] : [`r-${a}`, `w-${a}`, `r-${b}`, `w-${b}`, '*'];
    txns.push(ops.join(' '));
  }
  return txns;
}

/** Read a, 7 idle slots, write b; the two halves read and write opposite key groups. */
export function generateType3(rng: PyRandom, count = TXNS_PER_WORKLOAD): string[] {
  const txns: string[] = [];
  for (let t = 0; t < count; t++) {
    const first = t < count / 2;
    const a = first ? rng.randint(1, 5) : rng.randint(6, 10);
    const b = first ? rng.randint(6, 10) : rng.randint(1, 5);
    txns.push([`r-${a}`, ...stars(7), `w-${b}`].join(' '));
  }
  return txns;
}

/** One synthetic set (types 1, 2, 3), deterministic for `seed`. */
export function generateSyntheticSet(seed: number): WorkloadSet {
  const rng = new PyRandom(seed);
  return {
    name: `synthetic-${seed}`,
    workloads: [
      { name: 'type1', txns: generateType1(rng) },
      { name: 'type2', txns: generateType2(rng) },
      { name: 'type3', txns: generateType3(rng) },
    ],
  };
}
