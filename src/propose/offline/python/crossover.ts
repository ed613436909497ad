// Crossover for Python, mirroring ../crossover.ts: statements inside the
// evolve blocks are keyed by where they stand (enclosing function and class
// names, then statement and clause indices within them, then their kind), and
// one statement of the first parent is replaced by the statement at the same
// place in the second parent when the two differ.

import type { Rng } from '../../../core/rng.js';
import { pythonRanges } from './ranges.js';
import { parseModule, pythonError, type Block, type Stmt } from './structure.js';

interface Unit {
  path: string;
  start: number;
  end: number;
  text: string;
  indent: string;
  line: number;
}

function units(source: string): Map<string, Unit> {
  const ranges = pythonRanges(source);
  const inside = (s: Stmt): boolean => ranges.some((r) => s.start >= r.from && s.end <= r.to);
  const out = new Map<string, Unit>();
  // `scope` names the enclosing definitions; `at` is the statement and clause index path within them.
  const visit = (block: Block, scope: string, at: string): void => {
    block.stmts.forEach((s, i) => {
      const path = `${scope}${at}/${i}:${s.kind}`;
      if (inside(s) && !out.has(path)) {
        const first = s.clauses[0]!.line.tokens[0]!;
        out.set(path, {
          path,
          start: s.start,
          end: s.end,
          text: source.slice(s.start, s.end),
          indent: source.slice(s.start, first.start),
          line: s.line,
        });
      }
      // A definition restarts the index path at its name, so that moving a function does not unpair it.
      const name = s.kind === 'def' || s.kind === 'class' ? nameOf(s) : undefined;
      s.clauses.forEach((c, k) => {
        if (!c.body) return;
        if (name) visit(c.body, `${scope}/${s.kind === 'def' ? 'fn' : 'class'}:${name}`, '');
        else visit(c.body, scope, `${at}/${i}.${k}`);
      });
    });
  };
  visit(parseModule(source).module, '', '');
  return out;
}

function nameOf(s: Stmt): string | undefined {
  const t = s.clauses.at(-1)!.line.tokens;
  const at = t.findIndex((x) => x.kind === 'NAME' && (x.text === 'def' || x.text === 'class'));
  return t[at + 1]?.text;
}

/** Replaces one statement of `a` with the statement at the same place in `b` (where they differ). */
export function pythonCrossover(a: string, b: string, rng: Rng): { source: string; changes: string[] } | undefined {
  let ua: Map<string, Unit>;
  let ub: Map<string, Unit>;
  try {
    ua = units(a);
    ub = units(b);
  } catch {
    return undefined;
  }
  // Same place, different text, same indentation (a donor indented differently would not fit).
  const differing = [...ua.values()].filter((u) => {
    const other = ub.get(u.path);
    return other !== undefined && other.text !== u.text && other.indent === u.indent;
  });
  if (differing.length === 0) return undefined;
  const unit = rng.pick(differing);
  const donor = ub.get(unit.path)!;
  const source = a.slice(0, unit.start) + donor.text + a.slice(unit.end);
  if (pythonError(source)) return undefined;
  return {
    source,
    changes: [`line ${unit.line}: crossover took ${unit.path.replace(/^\//, '')} from the second parent`],
  };
}
