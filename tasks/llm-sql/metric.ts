// The prefix-hit metric (leaderboard `evaluate_df_prefix_hit_cnt`, sequential):
// rows in output order go into a character trie; a row's hit is the length of
// its longest prefix already in the trie, i.e. its longest common prefix with
// any earlier row. Lengths are in code points, as Python counts them.

export interface PrefixHits {
  hitCount: number;
  totalChars: number;
  hitRate: number;
  /** Per row hit, for feedback and tests. */
  perRow: Int32Array;
}

/** A first-child / next-sibling trie over code points in growable typed arrays. */
class Trie {
  private char = new Int32Array(1 << 16);
  private child = new Int32Array(1 << 16).fill(-1);
  private sibling = new Int32Array(1 << 16).fill(-1);
  private size = 1; // node 0 is the root

  private find(node: number, c: number): number {
    for (let k = this.child[node]!; k !== -1; k = this.sibling[k]!) if (this.char[k] === c) return k;
    return -1;
  }

  private add(node: number, c: number): number {
    if (this.size === this.char.length) this.grow();
    const k = this.size++;
    this.char[k] = c;
    this.sibling[k] = this.child[node]!;
    this.child[node] = k;
    return k;
  }

  private grow(): void {
    const n = this.char.length * 2;
    const char = new Int32Array(n);
    char.set(this.char);
    const child = new Int32Array(n).fill(-1);
    child.set(this.child);
    const sibling = new Int32Array(n).fill(-1);
    sibling.set(this.sibling);
    this.char = char;
    this.child = child;
    this.sibling = sibling;
  }

  /** Inserts `s` and returns [its longest prefix already present, its length], both in code points. */
  insert(s: string): [number, number] {
    let node = 0;
    let hit = 0;
    let len = 0;
    let matching = true;
    for (let i = 0; i < s.length; i++) {
      let c = s.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
        const lo = s.charCodeAt(i + 1);
        if (lo >= 0xdc00 && lo <= 0xdfff) {
          c = (c - 0xd800) * 0x400 + (lo - 0xdc00) + 0x10000;
          i++;
        }
      }
      len++;
      if (matching) {
        const next = this.find(node, c);
        if (next !== -1) {
          node = next;
          hit++;
          continue;
        }
        matching = false;
      }
      node = this.add(node, c);
    }
    return [hit, len];
  }
}

/** Hit count, total length and hit rate of rows taken in this order. */
export function prefixHits(rows: readonly string[]): PrefixHits {
  return rows.some(hasSurrogate) ? trieHits(rows) : sortedHits(rows);
}

function hasSurrogate(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return true;
  }
  return false;
}

/** The definition, one trie walk per row (used when code points and UTF-16 units differ). */
export function trieHits(rows: readonly string[]): PrefixHits {
  const trie = new Trie();
  const perRow = new Int32Array(rows.length);
  let hitCount = 0;
  let totalChars = 0;
  rows.forEach((s, i) => {
    const [hit, len] = trie.insert(s);
    perRow[i] = hit;
    hitCount += hit;
    totalChars += len;
  });
  return { hitCount, totalChars, hitRate: rate(hitCount, totalChars), perRow };
}

/**
 * The leaderboard's hit rate: its metric returns a percentage and the
 * evaluator divides by 100 again, which can move the last bit (the golden
 * numbers carry it), so the same two steps are taken here.
 */
export function rate(hitCount: number, totalChars: number): number {
  return totalChars === 0 ? 0 : ((hitCount / totalChars) * 100) / 100;
}

function lcp(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let k = 0;
  while (k < n && a.charCodeAt(k) === b.charCodeAt(k)) k++;
  return k;
}

/**
 * The same numbers without a trie (strings without surrogates): the longest
 * common prefix of a row with any earlier row is the one with its nearest
 * earlier neighbours in sorted order. Rows are removed from a sorted linked list
 * in reverse order, so each row's list neighbours are its nearest earlier rows,
 * and the LCP of two list neighbours is the minimum over the links it replaced.
 */
export function sortedHits(rows: readonly string[]): PrefixHits {
  const n = rows.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => {
    const x = rows[a]!;
    const y = rows[b]!;
    return x < y ? -1 : x > y ? 1 : a - b;
  });
  const rank = new Int32Array(n);
  order.forEach((row, r) => (rank[row] = r));
  const prev = new Int32Array(n);
  const next = new Int32Array(n);
  const linkLcp = new Int32Array(n + 1); // linkLcp[r]: LCP of list node r with its next node
  for (let r = 0; r < n; r++) {
    prev[r] = r - 1;
    next[r] = r + 1 < n ? r + 1 : -1;
    if (r + 1 < n) linkLcp[r] = lcp(rows[order[r]!]!, rows[order[r + 1]!]!);
  }
  const perRow = new Int32Array(n);
  let hitCount = 0;
  let totalChars = 0;
  for (let i = n - 1; i >= 0; i--) {
    const r = rank[i]!;
    const p = prev[r]!;
    const q = next[r]!;
    const left = p >= 0 ? linkLcp[p]! : 0;
    const right = q >= 0 ? linkLcp[r]! : 0;
    const hit = Math.max(left, right);
    perRow[i] = hit;
    hitCount += hit;
    totalChars += rows[i]!.length;
    if (p >= 0) {
      next[p] = q;
      if (q >= 0) linkLcp[p] = Math.min(left, right);
    }
    if (q >= 0) prev[q] = p;
  }
  return { hitCount, totalChars, hitRate: rate(hitCount, totalChars), perRow };
}
