import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { deriveRng } from '../src/core/rng.js';
import type { Evaluation, Program } from '../src/core/types.js';
import { outsideBlocksChange } from '../src/propose/edit/evolve-block.js';
import { mutate, OfflineMutator } from '../src/propose/offline/mutator.js';
import { pythonCrossover } from '../src/propose/offline/python/crossover.js';
import { pythonError } from '../src/propose/offline/python/structure.js';
import { tokenize, untokenize, type Token } from '../src/propose/offline/python/tokenize.js';
import type { MutationName } from '../src/propose/offline/sites.js';
import type { ProposeRequest } from '../src/propose/types.js';

// Three realistic candidate programs (written for this test): a job scheduler,
// a bin-packing heuristic and a load-balancer class, each with an evolve block.
const SCHEDULER = String.raw`"""A small job scheduler: shortest-weighted-job-first with ageing.

The evolve block holds the priority rule and the dispatch loop.
"""
import heapq
import math
from dataclasses import dataclass, field


@dataclass(order=True)
class Job:
    priority: float
    name: str = field(compare=False)
    duration: float = field(compare=False, default=1.0)
    weight: float = field(compare=False, default=1.0)
    arrival: float = field(compare=False, default=0.0)


# EVOLVE-BLOCK-START
AGEING = 0.05  # how fast waiting jobs gain priority
MAX_QUEUE = 1_000


def priority(job, now, load):
    """Lower is more urgent."""
    wait = now - job.arrival
    base = job.duration / max(job.weight, 1e-3)
    if wait > 10 and load < 0.75:
        base -= AGEING * wait
    elif job.duration <= .5:
        base *= 0.5
    else:
        base += math.log1p(job.duration) * 2.
    return base


def schedule(jobs, workers=2):
    queue = []
    clock = 0.0
    busy = [0.0] * workers
    order = []
    for job in sorted(jobs, key=lambda j: j.arrival):
        load = len(queue) / MAX_QUEUE
        heapq.heappush(queue, (priority(job, clock, load), job.name, job))
        if len(queue) > MAX_QUEUE:
            raise RuntimeError(f"queue overflow at {clock:.2f}: {len(queue)} jobs")
    while queue:
        free = min(range(workers), key=lambda w: busy[w])
        clock = max(clock, busy[free])
        _, name, job = heapq.heappop(queue)
        busy[free] = clock + job.duration
        order.append((name, free, clock))
        if not order or clock < 0:
            break
    total = sum(end for end in busy)
    spread = max(busy) - min(busy)
    return order, total + 0.1 * spread
# EVOLVE-BLOCK-END


def main():
    jobs = [Job(0, f"j{i}", duration=1 + i % 3, weight=1 + (i * 7) % 5, arrival=i * 0.5) for i in range(20)]
    order, cost = schedule(jobs)
    print(f'{len(order)} jobs, cost {cost:.3f}', r"\raw")


if __name__ == '__main__':
    main()
`;

const PACKING = String.raw`# Bin packing: a best-fit-decreasing heuristic with a tunable slack rule.
from math import floor, ceil
import math

CAPACITY = 100


# EVOLVE-BLOCK-START
def score_fit(remaining, size, slack=0.1):
    gap = remaining - size
    if gap < 0:
        return None
    penalty = gap * gap / CAPACITY
    if gap < slack * CAPACITY and gap != 0:
        penalty += 5
    return penalty + (1 if size > CAPACITY / 2 else 0)


def pack(items, capacity=CAPACITY):
    """Returns a list of bins, each a list of item sizes."""
    bins = []
    loads = []
    ordered = sorted(items, reverse=True)
    for size in ordered:
        best = -1
        best_score = float('inf')
        for i, load in enumerate(loads):
            s = score_fit(capacity - load, size)
            if s is not None and s < best_score:
                best, best_score = i, s
        if best < 0:
            bins.append([size])
            loads.append(size)
        else:
            bins[best].append(size)
            loads[best] += size
    # tidy: try to merge the two emptiest bins
    if len(loads) >= 2:
        a, b = sorted(range(len(loads)), key=lambda k: loads[k])[:2]
        if loads[a] + loads[b] <= capacity:
            bins[a].extend(bins[b])
            loads[a] += loads[b]
            del bins[b], loads[b]
    waste = sum(capacity - l for l in loads)
    limit = math.floor(waste / 0x1F) + ceil(len(bins) * 0.5)
    return bins if limit >= 0 else [], waste
# EVOLVE-BLOCK-END


if __name__ == "__main__":
    print(pack([42, 17, 63, 8, 99, 23, 51, 5, 30, 71]))
`;

const BALANCER = String.raw`"""Load balancer policy with a cache of server health."""
from __future__ import annotations

import functools
from typing import Dict, List

WEIGHTS: Dict[str, float] = {'cpu': 0.6, 'mem': 0.3, 'net': 0.1}


def cached(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)
    return wrapper


class Balancer:
    '''Chooses a server per request.'''

    def __init__(self, servers: List[str]):
        self.servers = servers
        self.health = {s: 1.0 for s in servers}

    # EVOLVE-BLOCK-START
    @cached
    def cost(self, server: str, stats: Dict[str, float], *, penalty: float = 2.5) -> float:
        total = 0.0
        for key, w in WEIGHTS.items():
            value = stats.get(key, 0)
            if value > 0.9 or (value > 0.8 and key == 'cpu'):
                total += penalty * w * value
            else:
                total += w * value
        health = self.health[server]
        if (ratio := total / max(health, 0.01)) > 3:
            ratio = 3 + (ratio - 3) ** .5
        return ratio

    def choose(self, stats: Dict[str, Dict[str, float]]) -> str:
        best, best_cost = None, float("inf")
        candidates = [s for s in self.servers if self.health[s] > 0.2]
        if not candidates:
            candidates = list(self.servers)
        for s in candidates:
            c = self.cost(s, stats.get(s, {}))
            if c < best_cost:
                best, best_cost = s, c
        try:
            self.health[best] = min(1.0, self.health[best] + 0.01)
        except KeyError:
            pass
        match len(candidates):
            case 0:
                return self.servers[0]
            case _:
                return best  # the cheapest healthy server
    # EVOLVE-BLOCK-END


if __name__ == '__main__':
    b = Balancer(['a', 'b'])
    print(b.choose({'a': {'cpu': 0.5}, 'b': {'cpu': 0.95, 'net': 1e-2}}))
`;

const PROGRAMS = [SCHEDULER, PACKING, BALANCER];

/** Inputs chosen to trip a tokenizer: every string prefix, f-string nesting, number forms, continuations. */
const TRICKY = [
  String.raw`s1 = """triple "quoted" with 'quotes'
and a newline \""" escaped"""
s2 = '''single ''triple'' '''
b1 = rb'\d+\'' + Rb"\x00" + BR'''x''' + br"y"
u1 = u'unicode' U"upper"
f1 = f"{x!r:>{width}} and {{literal}} {d['k']}" + F'{y}' + rf"{z}\n" + fR'''{w}
'''
n = [1_000, 1e-3, 0x1F, .5, 5., 3j, 1.5e+10J, 0o17, 0b1010, 0, 00, 1E5, 10_0.0_1]
x **= 2; x //= 3; x >>= 1; x <<= 1; x @= m; x |= 1; x ^= 2; x &= 3; x %= 4
y = (1 +
     2  # comment inside brackets
     - 3)
z = 1 + \
    2
if (w := 10) > 5 and not z != 3 or ... is None:
	pass
café = 1if z else 2
def f(a, /, b, *, c=3, **kw) -> int:
    return a
`,
  'def f(x):\r\n    if x:\r\n        return "a\\\r\nb"\r\n    return 2',
  '\uFEFFx = 1\n\f\ndef g():\n\tpass\n  \n# end',
  'class K:\n    def m(self):\n        if True:\n            return 1\n    x = [\n  1,\n]\n',
  ...PROGRAMS,
];

const kinds = (src: string, ...which: Token['kind'][]): string[] =>
  tokenize(src)
    .filter((t) => which.includes(t.kind))
    .map((t) => t.text);

const only = (name: MutationName): Partial<Record<MutationName, number>> => ({
  numeric: 0,
  operator: 0,
  negate: 0,
  'math-call': 0,
  delete: 0,
  duplicate: 0,
  swap: 0,
  identifier: 0,
  grow: 0,
  [name]: 1,
});

const pythonAvailable = (() => {
  if (spawnSync('python3', ['--version']).status === 0) return true;
  if (process.env.CI === 'true') throw new Error('CI=true but python3 is not on PATH: the validity corpus cannot run');
  console.warn('skipping the python3 validity tests: python3 is not on PATH');
  return false;
})();

/** Runs `script` with `input` as JSON on stdin; returns its JSON output. */
function python<T>(script: string, input: unknown): T {
  const r = spawnSync('python3', ['-c', script], { input: JSON.stringify(input), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as T;
}

describe('python tokenizer', () => {
  it('reproduces every input exactly from its tokens', () => {
    for (const src of TRICKY) expect(untokenize(tokenize(src))).toBe(src);
  });

  it('finds numbers, strings and comments whole', () => {
    const numbers = kinds(TRICKY[0]!, 'NUMBER');
    expect(numbers.slice(numbers.indexOf('1_000'), numbers.indexOf('1_000') + 13)).toEqual(
      '1_000 1e-3 0x1F .5 5. 3j 1.5e+10J 0o17 0b1010 0 00 1E5 10_0.0_1'.split(' '),
    );
    const strings = kinds(TRICKY[0]!, 'STRING');
    expect(strings[0]).toMatch(/^"""triple[^]*escaped"""$/);
    expect(strings).toContain(`f"{x!r:>{width}} and {{literal}} {d['k']}"`);
    expect(strings).toContain(String.raw`rb'\d+\''`);
    expect(strings).toContain("fR'''{w}\n'''");
    expect(kinds(TRICKY[0]!, 'COMMENT')).toEqual(['# comment inside brackets']);
    expect(kinds(TRICKY[1]!, 'STRING')).toEqual(['"a\\\r\nb"']);
    // `\` continuations and brackets do not end the logical line; INDENT/DEDENT follow the blocks
    expect(kinds('y = (1 +\n  2)\nz = 1 + \\\n    2\n', 'NEWLINE', 'NL')).toEqual(['\n', '\n', '\n']);
    expect(kinds(TRICKY[3]!, 'INDENT')).toHaveLength(3);
    expect(kinds(TRICKY[3]!, 'DEDENT')).toHaveLength(3);
  });

  it('rejects what CPython rejects at this level', () => {
    for (const bad of [
      's = "open\n',
      "s = '''never closed\n",
      'x = (1, 2\n',
      'x = [1, 2)\n',
      'x = 1)\n',
      'if x:\n        a = 1\n    b = 2\n',
      'if x:\n\ta = 1\n        b = 2\n',
      'x = 1 \\ 2\n',
      'x = 1abc\n',
      'x = a ? b : c\n',
    ])
      expect(() => tokenize(bad), bad).toThrow(/line \d+:/);
  });

  it.skipIf(!pythonAvailable)('gives the same tokens as CPython tokenize', () => {
    const theirs = python<string[][][]>(
      `import io, json, sys, tokenize
out = []
for src in json.load(sys.stdin):
    toks = tokenize.generate_tokens(io.StringIO(src.lstrip('\\ufeff')).readline)
    out.append([[tokenize.tok_name[t.type], t.string] for t in toks])
print(json.dumps(out))`,
      TRICKY,
    );
    const structural = new Set(['INDENT', 'DEDENT', 'NEWLINE', 'NL', 'ENDMARKER']);
    const strip = (k: string, text: string): string => `${k} ${structural.has(k) ? '' : text}`;
    TRICKY.forEach((src, i) => {
      const mine = tokenize(src).map((t) => strip(t.kind, t.text));
      expect(mine).toEqual(theirs[i]!.map(([k, text]) => strip(k!, text!)));
    });
  });
});

describe('python offline mutations', () => {
  const expected: Record<MutationName, RegExp> = {
    numeric: /^constant /,
    operator: /^operator /,
    negate: /^(if|elif|while) condition /,
    'math-call': /^(math\.)?(min|max|floor|ceil) -> /,
    delete: /^deleted /,
    duplicate: /^duplicated /,
    swap: /^swapped /,
    identifier: /^\w+ -> \w+$/,
    grow: /^\w+ -> (\(|-)/,
  };
  const TOKEN_LEVEL = new Set<MutationName>(['numeric', 'operator', 'negate', 'math-call', 'identifier', 'grow']);

  it.each(Object.keys(expected) as MutationName[])(
    '%s applies, stays in the evolve block and leaves strings and comments alone',
    (name) => {
      let applied = 0;
      for (let i = 0; i < 60; i++) {
        const parent = PROGRAMS[i % PROGRAMS.length]!;
        const child = mutate(parent, deriveRng(11, name, i), 1, only(name), 'python');
        if (!child) continue;
        applied++;
        expect(child.source).not.toBe(parent);
        expect(child.changes).toHaveLength(1);
        expect(child.changes[0]).toMatch(/^line \d+: /);
        expect(child.changes[0]!.replace(/^line \d+: /, '')).toMatch(expected[name]);
        expect(pythonError(child.source)).toBeUndefined();
        expect(outsideBlocksChange(parent, child.source)).toBeUndefined();
        const before = kinds(parent, 'STRING', 'COMMENT');
        const after = kinds(child.source, 'STRING', 'COMMENT');
        // Token edits never touch a string or comment; statement edits move whole statements with theirs.
        if (TOKEN_LEVEL.has(name)) expect(after).toEqual(before);
        else for (const s of after) expect(before).toContain(s);
      }
      expect(applied).toBeGreaterThan(50);
    },
  );

  it('is deterministic for a seed', () => {
    const a = mutate(SCHEDULER, deriveRng(5, 'x'), 3, {}, 'python');
    expect(mutate(SCHEDULER, deriveRng(5, 'x'), 3, {}, 'python')).toEqual(a);
    expect(mutate(SCHEDULER, deriveRng(6, 'x'), 3, {}, 'python')).not.toEqual(a);
  });

  it('keeps floats floats and integers integers', () => {
    const src = '# EVOLVE-BLOCK-START\nlimit = 80\nrate = 2.\nsmall = 1e-3\n# EVOLVE-BLOCK-END\n';
    for (let i = 0; i < 60; i++) {
      const child = mutate(src, deriveRng(2, i), 1, only('numeric'), 'python')!;
      const [, value] = /^(?:limit|rate|small) = \(?(-?[\d.e+-]+)\)?$/m.exec(
        child.source.split('\n').find((l, k) => l !== src.split('\n')[k])!,
      )!;
      if (child.changes[0]!.includes(' 80 ->')) expect(value).toMatch(/^-?\d+$/);
      else expect(value).toMatch(/[.e]/);
    }
  });

  it('leaves pass in a block whose only statement is deleted, and removes not', () => {
    const src =
      '# EVOLVE-BLOCK-START\ndef f(x):\n    if not x:\n        x = 1  # reset\n    return x\n# EVOLVE-BLOCK-END\n';
    const seen = new Set<string>();
    for (let i = 0; i < 40; i++) {
      for (const name of ['delete', 'negate'] as const) {
        const child = mutate(src, deriveRng(3, i), 1, only(name), 'python');
        if (child) seen.add(child.source);
      }
    }
    expect(seen).toContain(src.replace('        x = 1  # reset\n', '        pass\n'));
    expect(seen).toContain(src.replace('    if not x:\n        x = 1  # reset\n', ''));
    expect(seen).toContain(src.replace('if not x:', 'if x:'));
  });

  it('swaps identifiers only among the function’s own locals bound before the read', () => {
    const src =
      '# EVOLVE-BLOCK-START\nLIMIT = 3\ndef f(a, b):\n    c = a + LIMIT\n    total = len(b) + c\n    return total\n# EVOLVE-BLOCK-END\n';
    const swaps = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const child = mutate(src, deriveRng(4, i), 1, only('identifier'), 'python');
      for (const c of child?.changes ?? []) swaps.add(c);
    }
    for (const c of swaps) {
      const [, from, to] = /: (\w+) -> (\w+)$/.exec(c)!;
      expect(['a', 'b', 'c', 'total']).toContain(from);
      expect(['a', 'b', 'c']).toContain(to); // never `total`: it is bound on line 5, after every read but one
    }
    expect(swaps).toContain('line 4: a -> b');
    expect(swaps).toContain('line 6: total -> c');
  });

  it('handles Windows line breaks', () => {
    const src = PACKING.replace(/\n/g, '\r\n');
    for (let i = 0; i < 30; i++) {
      const child = mutate(src, deriveRng(8, i), 2, {}, 'python')!;
      expect(pythonError(child.source)).toBeUndefined();
      expect(outsideBlocksChange(src, child.source)).toBeUndefined();
    }
  });

  it('crossover takes a differing statement from the same function of the second parent', () => {
    const a =
      '# EVOLVE-BLOCK-START\ndef g():\n    return 0\n\ndef f(x):\n    y = x + 1\n    return y\n# EVOLVE-BLOCK-END\n';
    // the second parent has its functions in the other order: they pair by name
    const b =
      '# EVOLVE-BLOCK-START\ndef f(x):\n    y = x * 2\n    return y\n\ndef g():\n    return 0\n# EVOLVE-BLOCK-END\n';
    const child = pythonCrossover(a, b, deriveRng(3))!;
    expect(child.source).toBe(a.replace('x + 1', 'x * 2'));
    expect(child.changes).toEqual(['line 6: crossover took fn:f/0:assign from the second parent']);
    expect(pythonCrossover(a, a, deriveRng(3))).toBeUndefined();
  });
});

describe.skipIf(!pythonAvailable)('python3 accepts the mutants', () => {
  it('at least 99% of 2,000 mutants (and crossovers) of three programs parse with ast.parse', () => {
    const mutants: string[] = [];
    const changes: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const parent = PROGRAMS[i % PROGRAMS.length]!;
      const rng = deriveRng(21, 'corpus', i);
      let child = mutate(parent, rng, 1 + (i % 4), {}, 'python');
      // every tenth child is a crossover with a mutant of the same program
      if (i % 10 === 0 && child) {
        const other = mutate(parent, rng, 3, {}, 'python');
        child = (other && pythonCrossover(child.source, other.source, rng)) ?? child;
      }
      expect(child).toBeDefined();
      mutants.push(child!.source);
      changes.push(child!.changes.join('; '));
    }
    const failures = python<[number, string][]>(
      `import ast, json, sys
bad = []
for i, src in enumerate(json.load(sys.stdin)):
    try:
        ast.parse(src)
    except SyntaxError as e:
        bad.append([i, str(e)])
print(json.dumps(bad))`,
      mutants,
    );
    const rate = 1 - failures.length / mutants.length;
    console.log(`python3 ast.parse accepted ${(rate * 100).toFixed(2)}% of ${mutants.length} mutants`);
    for (const [i, e] of failures.slice(0, 5)) console.log(`  ${e} after ${changes[i]}`);
    expect(rate).toBeGreaterThanOrEqual(0.99);
  });
});

describe('OfflineMutator on a Python task', () => {
  const program = (id: string, source: string): { program: Program; evaluation: Evaluation } => ({
    program: {
      id,
      iteration: 0,
      source,
      hash: id,
      parentIds: [],
      island: 0,
      generation: 0,
      mutation: 'seed',
      proposer: 'seed',
      changes: [],
      createdAt: 0,
    },
    evaluation: {
      valid: true,
      score: 1,
      metrics: {},
      privateMetrics: {},
      feedback: '',
      instances: [],
      durationMs: 1,
    },
  });
  const request = (language: 'python' | 'other', mutation: 'diff' | 'crossover', seed: number): ProposeRequest => ({
    plan: { iteration: 1, parentIds: ['p1'], inspirationIds: [], island: 0, mutation, knownThrough: 0 },
    task: { name: 'packing', description: 'bin packing', language },
    parents: [program('p1', PACKING), program('p2', PACKING.replace('slack=0.1', 'slack=0.2'))],
    inspirations: [],
    rng: deriveRng(seed, 'propose'),
    hints: [],
  });
  const mutator = new OfflineMutator({ minMutations: 1, maxMutations: 3, weights: {} });

  it('returns a changed, valid program for diff and crossover plans', async () => {
    for (const mutation of ['diff', 'crossover'] as const) {
      for (let seed = 0; seed < 10; seed++) {
        const p = await mutator.propose(request('python', mutation, seed));
        expect(p.ok, p.ok ? '' : p.reason).toBe(true);
        if (!p.ok) continue;
        expect(p.source).not.toBe(PACKING);
        expect(pythonError(p.source)).toBeUndefined();
        expect(p.changes.length).toBeGreaterThan(0);
      }
    }
  });

  it('still refuses languages it has no engine for', async () => {
    const p = await mutator.propose(request('other', 'diff', 1));
    expect(p).toMatchObject({ ok: false, reason: expect.stringContaining('not other') as unknown });
  });
});
