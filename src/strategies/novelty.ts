// Token n-gram shingles and MinHash signatures: a cheap, deterministic measure
// of how much two programs share, used by Shinka's novelty gate and by the
// structural-diversity feature.

/** Identifiers, numbers and single punctuation characters; whitespace and layout are ignored. */
export function tokens(source: string): string[] {
  return source.match(/[A-Za-z_$][\w$]*|\d+(?:\.\d+)?(?:e[+-]?\d+)?|\S/g) ?? [];
}

/** The set of n-token shingles of a source (a short source is one shingle). */
export function shingles(source: string, n: number): Set<string> {
  const t = tokens(source);
  const out = new Set<string>();
  if (t.length <= n) {
    out.add(t.join(' '));
    return out;
  }
  for (let i = 0; i + n <= t.length; i++) out.add(t.slice(i, i + n).join(' '));
  return out;
}

/** Exact Jaccard similarity |A ∩ B| / |A ∪ B| (1 for two empty sets). */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  const union = a.size + b.size - inter;
  return union === 0 ? 1 : inter / union;
}

/** 32-bit FNV-1a of a string. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** murmur3's 32-bit finaliser: the k-th hash function is mix(x ^ salt_k). */
function mix(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

const salt = (k: number): number => mix(0x9e3779b9 + Math.imul(k, 0x632be5ab));

/**
 * MinHash signature: for each of `permutations` hash functions, the smallest
 * hash over the shingles. The fraction of positions where two signatures agree
 * estimates the Jaccard similarity of their shingle sets.
 */
export function minhash(source: string, n = 4, permutations = 64): number[] {
  const hashes = [...shingles(source, n)].map(fnv1a);
  const sig: number[] = [];
  for (let k = 0; k < permutations; k++) {
    const s = salt(k);
    let min = 0xffffffff;
    for (const h of hashes) {
      const v = mix(h ^ s);
      if (v < min) min = v;
    }
    sig.push(min);
  }
  return sig;
}

/** Estimated Jaccard similarity of two signatures of the same length. */
export function similarity(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length || a.length === 0) throw new Error('MinHash signatures differ in length');
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}
