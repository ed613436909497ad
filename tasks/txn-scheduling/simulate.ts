// The transaction-scheduling cost model (spec §2), shared by the sandbox
// harness (the makespan oracle a candidate may call) and the host (which
// recomputes every makespan itself). Pure code: no Node APIs.

export type OpType = 'r' | 'w';

/** One read or write; `pos` is 1-based and counts `*` slots. */
export interface TxnOp {
  readonly type: OpType;
  readonly key: string;
  readonly pos: number;
}

export interface ParsedWorkload {
  /** Slots per transaction, `*` included. */
  txnLengths: number[];
  ops: TxnOp[][];
}

/** Parses transactions written as `w-17 r-5 * ...` (single spaces; `*` is a no-op slot). */
export function parseTransactions(txns: readonly string[], where = 'workload'): ParsedWorkload {
  const txnLengths: number[] = [];
  const ops: TxnOp[][] = [];
  txns.forEach((text, t) => {
    if (typeof text !== 'string') throw new TypeError(`${where}: transaction ${t} is not a string`);
    const tokens = text.split(' ');
    const list: TxnOp[] = [];
    tokens.forEach((token, i) => {
      if (token === '*') return;
      const type = token[0];
      if ((type !== 'r' && type !== 'w') || token[1] !== '-' || token.length < 3) {
        throw new Error(
          `${where}: transaction ${t}, token ${i + 1} ${JSON.stringify(token)} is not r-<key>, w-<key> or *`,
        );
      }
      list.push({ type, key: token.slice(2), pos: i + 1 });
    });
    txnLengths.push(tokens.length);
    ops.push(list);
  });
  if (txns.length === 0) throw new Error(`${where}: no transactions`);
  return { txnLengths, ops };
}

/** A workload as flat typed arrays (ops of txn t are opStart[t]..opStart[t+1]-1). */
export interface CompiledWorkload {
  numTxns: number;
  numKeys: number;
  length: Int32Array;
  opStart: Int32Array;
  opKey: Int32Array;
  opPos: Int32Array;
  opWrite: Uint8Array;
}

export function compileWorkload(p: ParsedWorkload): CompiledWorkload {
  const numTxns = p.txnLengths.length;
  let total = 0;
  for (const list of p.ops) total += list.length;
  const keyIds = new Map<string, number>();
  const w: CompiledWorkload = {
    numTxns,
    numKeys: 0,
    length: Int32Array.from(p.txnLengths),
    opStart: new Int32Array(numTxns + 1),
    opKey: new Int32Array(total),
    opPos: new Int32Array(total),
    opWrite: new Uint8Array(total),
  };
  let o = 0;
  p.ops.forEach((list, t) => {
    w.opStart[t] = o;
    for (const op of list) {
      let id = keyIds.get(op.key);
      if (id === undefined) keyIds.set(op.key, (id = keyIds.size));
      w.opKey[o] = id;
      w.opPos[o] = op.pos;
      w.opWrite[o] = op.type === 'w' ? 1 : 0;
      o++;
    }
  });
  w.opStart[numTxns] = o;
  w.numKeys = keyIds.size;
  return w;
}

/**
 * Makespan evaluator with reusable scratch state. Per key the reference keeps
 * a time-sorted lock list, but a new op only ever reads (a) its last element
 * and (b) its last write, and both are maintained exactly by the upper-bound
 * insertion rule: a write always lands at the end (its time exceeds every
 * earlier lock on the key), a read lands at the end iff its time >= the
 * current last time. Key state starts at lastTime 0 (a read), lastWrite -1,
 * which imposes no constraint, so "key has no list" needs no special case.
 */
export class MakespanModel {
  private readonly lastTime: Int32Array;
  private readonly lastWrite: Int32Array;
  private readonly lastIsWrite: Uint8Array;

  constructor(readonly w: CompiledWorkload) {
    this.lastTime = new Int32Array(w.numKeys);
    this.lastWrite = new Int32Array(w.numKeys);
    this.lastIsWrite = new Uint8Array(w.numKeys);
  }

  /**
   * Makespan of the first `count` ids of `seq` (ids may repeat; each occurrence
   * is a new transaction instance). Throws on an empty sequence or an id that
   * is not an integer in 0..numTxns-1.
   */
  makespan(seq: ArrayLike<number>, count: number = seq.length): number {
    const { numTxns, length, opStart, opKey, opPos, opWrite } = this.w;
    const lastTime = this.lastTime;
    const lastWrite = this.lastWrite;
    const lastIsWrite = this.lastIsWrite;
    if (!(count >= 1)) throw new RangeError('makespan of an empty sequence');
    lastTime.fill(0);
    lastWrite.fill(-1);
    lastIsWrite.fill(0);
    let total = 0;
    for (let i = 0; i < count; i++) {
      const id = seq[i]!;
      if (typeof id !== 'number' || !(id >= 0 && id < numTxns && Math.floor(id) === id)) {
        throw new RangeError(`element ${i} (${String(id)}) is not a transaction id in 0..${numTxns - 1}`);
      }
      const from = opStart[id]!;
      const to = opStart[id + 1]!;
      let start = 1;
      for (let o = from; o < to; o++) {
        const k = opKey[o]!;
        const ks = lastIsWrite[k] === 1 || opWrite[o] === 1 ? lastTime[k]! + 1 : lastWrite[k]! + 1;
        const s = ks - opPos[o]! + 1;
        if (s > start) start = s;
      }
      const end = start + length[id]! - 1;
      if (end > total) total = end;
      for (let o = from; o < to; o++) {
        const k = opKey[o]!;
        const t = start + opPos[o]! - 1;
        if (t >= lastTime[k]!) {
          lastTime[k] = t;
          lastIsWrite[k] = opWrite[o]!;
        }
        if (opWrite[o] === 1) lastWrite[k] = t;
      }
    }
    return total;
  }
}

/** Sum of the identity-order makespans and of the longest transactions (the score's anchors). */
export function anchors(models: readonly MakespanModel[]): { sequential: number[]; longest: number[] } {
  const sequential = models.map((m) => m.makespan(Array.from({ length: m.w.numTxns }, (_, i) => i)));
  const longest = models.map((m) => Math.max(...m.w.length));
  return { sequential, longest };
}
