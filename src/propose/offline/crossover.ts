import type { Rng } from '../../core/rng.js';
import { editableRanges } from '../edit/evolve-block.js';
import { FUNCTION_TYPES, parseProgram, walk, type Node } from './ast.js';

interface Unit {
  path: string;
  start: number;
  end: number;
  text: string;
  line: number;
}

/**
 * Units of a program that can be exchanged: statements and functions inside
 * the evolve blocks, keyed by their structural path (function name, then
 * statement indices), so that "the same place" in two programs can be matched.
 */
function units(source: string): Map<string, Unit> {
  const ranges = editableRanges(source);
  const inside = (n: Node): boolean => ranges.some((r) => n.start >= r.from && n.end <= r.to);
  const out = new Map<string, Unit>();
  const root = parseProgram(source);
  const pathOf = new Map<Node, string>();
  pathOf.set(root, '');
  walk(root, (node, ancestors) => {
    const parent = ancestors.at(-1);
    let base = parent ? (pathOf.get(parent) ?? '') : '';
    if (FUNCTION_TYPES.has(node.type) && (node.id as Node | null)?.name)
      base += `/fn:${(node.id as Node).name as string}`;
    pathOf.set(node, base);
    if (node.type === 'BlockStatement' || node.type === 'Program') {
      (node.body as Node[]).forEach((s, i) => pathOf.set(s, `${base}/${i}`));
    }
    if (!inside(node)) return;
    const isUnit =
      node.type.endsWith('Statement') || node.type === 'FunctionDeclaration' || node.type === 'VariableDeclaration';
    if (isUnit && node.type !== 'BlockStatement') {
      const path = `${pathOf.get(node) ?? base}:${node.type}`;
      if (!out.has(path))
        out.set(path, {
          path,
          start: node.start,
          end: node.end,
          text: source.slice(node.start, node.end),
          line: node.loc.start.line,
        });
    }
  });
  return out;
}

/** Replaces one unit of `a` with the unit at the same place in `b` (where they differ). */
export function crossover(a: string, b: string, rng: Rng): { source: string; changes: string[] } | undefined {
  const ua = units(a);
  const ub = units(b);
  const differing = [...ua.values()].filter((u) => {
    const other = ub.get(u.path);
    return other !== undefined && other.text !== u.text;
  });
  if (differing.length === 0) return undefined;
  const unit = rng.pick(differing);
  const donor = ub.get(unit.path)!;
  const source = a.slice(0, unit.start) + donor.text + a.slice(unit.end);
  try {
    parseProgram(source);
  } catch {
    return undefined;
  }
  return {
    source,
    changes: [`line ${unit.line}: crossover took ${unit.path.replace(/^\//, '')} from the second parent`],
  };
}
