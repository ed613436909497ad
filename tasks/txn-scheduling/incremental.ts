// The makespan oracle the sandbox hands to programs. Same cost model as
// `MakespanModel` (simulate.ts), but it keeps the lock state of the longest
// prefix it has seen, with an undo log, so that the common search pattern
// "evaluate prefix + [candidate]" costs one transaction, not the whole prefix.
// State lives in plain arrays: in the sandbox every prototype is frozen, and
// V8 then writes typed arrays about 8x slower than ordinary arrays.
import type { CompiledWorkload } from './simulate.js';

const filled = (n: number, v: number): number[] => {
  const a: number[] = [];
  for (let i = 0; i < n; i++) a.push(v);
  return a;
};

export class IncrementalMakespan {
  private readonly lastTime: number[];
  private readonly lastWrite: number[];
  private readonly lastIsWrite: number[];
  /** ids of the committed prefix (positions >= committed are stale). */
  private readonly prefix: number[] = [];
  /** ids of the current call from the first mismatch on. */
  private readonly incoming: number[] = [];
  /** totalAt[j] = makespan of the first j committed ids (0 for none). */
  private readonly totalAt: number[] = [0];
  /** Undo entries of committed element j are logStart[j] .. logStart[j+1]-1. */
  private readonly logStart: number[] = [0];
  private readonly logKey: number[] = [];
  private readonly logTime: number[] = [];
  private readonly logWrite: number[] = [];
  private readonly logIsWrite: number[] = [];
  private committed = 0;
  private busy = false;

  constructor(private readonly w: CompiledWorkload) {
    this.lastTime = filled(w.numKeys, 0);
    this.lastWrite = filled(w.numKeys, -1);
    this.lastIsWrite = filled(w.numKeys, 0);
  }

  /** Makespan of a non-empty array-like of ids (repeats allowed); each element is read once. */
  makespan(seq: ArrayLike<number>): number {
    // A Proxy or getter in `seq` could call back in while the state is half updated.
    if (this.busy) throw new Error('makespan is not re-entrant: do not call it while it reads your list');
    this.busy = true;
    try {
      return this.evaluate(seq);
    } finally {
      this.busy = false;
    }
  }

  private evaluate(seq: ArrayLike<number>): number {
    const n = seq.length;
    if (typeof n !== 'number' || !(n >= 1) || Math.floor(n) !== n)
      throw new RangeError('makespan needs a non-empty list of transaction ids');
    const numTxns = this.w.numTxns;
    const prefix = this.prefix;
    const incoming = this.incoming;
    while (incoming.length < n) incoming.push(0); // no holes: holey arrays are slower
    let common = 0; // length of the shared prefix with the committed ids
    let matching = true;
    for (let i = 0; i < n; i++) {
      const id = seq[i]!;
      if (typeof id !== 'number' || !(id >= 0 && id < numTxns && Math.floor(id) === id)) {
        throw new RangeError(`element ${i} (${String(id)}) is not a transaction id in 0..${numTxns - 1}`);
      }
      if (matching && i < this.committed && prefix[i] === id) {
        common = i + 1;
      } else {
        matching = false;
        incoming[i] = id;
      }
    }
    const keep = Math.min(common, n - 1);
    if (keep < this.committed) {
      // Undo back to `keep`, or start over when that is the shorter way.
      if (keep < this.committed - keep) this.reset(keep);
      else this.rollback(keep);
    }
    for (let j = this.committed; j < n - 1; j++) this.commit(j, incoming[j]!);
    const last = n - 1 < common ? prefix[n - 1]! : incoming[n - 1]!;
    const end = this.startOf(last) + this.w.length[last]! - 1;
    const before = this.totalAt[n - 1]!;
    return end > before ? end : before;
  }

  /** Earliest start of txn `id` after the committed prefix (reads the state only). */
  private startOf(id: number): number {
    const { opStart, opKey, opPos, opWrite } = this.w;
    const lastTime = this.lastTime;
    const lastWrite = this.lastWrite;
    const lastIsWrite = this.lastIsWrite;
    let start = 1;
    for (let o = opStart[id]!, to = opStart[id + 1]!; o < to; o++) {
      const k = opKey[o]!;
      const ks = lastIsWrite[k] === 1 || opWrite[o] === 1 ? lastTime[k]! + 1 : lastWrite[k]! + 1;
      const s = ks - opPos[o]! + 1;
      if (s > start) start = s;
    }
    return start;
  }

  /** Places `id` as committed element j (j === committed), logging what it overwrites. */
  private commit(j: number, id: number): void {
    const { opStart, opKey, opPos, opWrite } = this.w;
    const lastTime = this.lastTime;
    const lastWrite = this.lastWrite;
    const lastIsWrite = this.lastIsWrite;
    const start = this.startOf(id);
    const end = start + this.w.length[id]! - 1;
    const before = this.totalAt[j]!;
    this.totalAt[j + 1] = end > before ? end : before;
    let log = this.logStart[j]!;
    for (let o = opStart[id]!, to = opStart[id + 1]!; o < to; o++) {
      const k = opKey[o]!;
      this.logKey[log] = k;
      this.logTime[log] = lastTime[k]!;
      this.logWrite[log] = lastWrite[k]!;
      this.logIsWrite[log] = lastIsWrite[k]!;
      log++;
      const t = start + opPos[o]! - 1;
      if (t >= lastTime[k]!) {
        lastTime[k] = t;
        lastIsWrite[k] = opWrite[o]!;
      }
      if (opWrite[o] === 1) lastWrite[k] = t;
    }
    this.logStart[j + 1] = log;
    this.prefix[j] = id;
    this.committed = j + 1;
  }

  private rollback(keep: number): void {
    const lastTime = this.lastTime;
    const lastWrite = this.lastWrite;
    const lastIsWrite = this.lastIsWrite;
    for (let e = this.logStart[this.committed]! - 1, stop = this.logStart[keep]!; e >= stop; e--) {
      const k = this.logKey[e]!;
      lastTime[k] = this.logTime[e]!;
      lastWrite[k] = this.logWrite[e]!;
      lastIsWrite[k] = this.logIsWrite[e]!;
    }
    this.committed = keep;
  }

  /** Clears the state, then replays the first `keep` committed ids. */
  private reset(keep: number): void {
    this.lastTime.fill(0);
    this.lastWrite.fill(-1);
    this.lastIsWrite.fill(0);
    this.committed = 0;
    for (let j = 0; j < keep; j++) this.commit(j, this.prefix[j]!);
  }
}
