// A literal transcription of the spec's cost model (lock lists per key, sorted
// by time, upper-bound insertion), used only by tests to check the fast models.
import type { ParsedWorkload } from './simulate.js';

export function referenceMakespan(w: ParsedWorkload, seq: readonly number[]): number {
  if (seq.length === 0) throw new RangeError('empty sequence');
  const locks = new Map<string, { time: number; type: 'r' | 'w' }[]>();
  let total = 0;
  for (const id of seq) {
    const len = w.txnLengths[id]!;
    const ops = w.ops[id]!;
    let start = 1;
    for (const { type, key, pos } of ops) {
      const list = locks.get(key);
      if (!list) continue;
      const last = list[list.length - 1]!;
      let ks: number;
      if (last.type === 'w' || type === 'w') {
        ks = last.time + 1;
      } else {
        ks = 0;
        for (let i = list.length - 1; i >= 0; i--) {
          if (list[i]!.type === 'w') {
            ks = list[i]!.time + 1;
            break;
          }
        }
      }
      start = Math.max(start, ks - pos + 1);
    }
    total = Math.max(total, start + len - 1);
    for (const { type, key, pos } of ops) {
      const t = start + pos - 1;
      let list = locks.get(key);
      if (!list) locks.set(key, (list = []));
      let at = list.length;
      while (at > 0 && list[at - 1]!.time > t) at--;
      list.splice(at, 0, { time: t, type });
    }
  }
  return total;
}
