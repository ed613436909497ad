import type { Rng } from '../../core/rng.js';
import { FUNCTION_TYPES, walk, type Node } from './ast.js';

/** One text edit: replace source[start, end) with `text`. */
export interface Edit {
  start: number;
  end: number;
  text: string;
  /** For the change log, e.g. "operator < -> <=". */
  what: string;
  line: number;
}

export type MutationName =
  'numeric' | 'operator' | 'negate' | 'math-call' | 'delete' | 'duplicate' | 'swap' | 'identifier' | 'grow';

/** A place where a mutation can happen; `edit` draws the concrete change. */
export interface Site {
  name: MutationName;
  edit(rng: Rng): Edit | undefined;
}

const FAMILIES = [
  ['<', '<=', '>', '>='],
  ['===', '!=='],
  ['==', '!='],
  ['+', '-'],
  ['*', '/'],
  ['&&', '||'],
];
const MATH_SWAPS: Record<string, string[]> = {
  min: ['max'],
  max: ['min'],
  floor: ['ceil', 'round'],
  ceil: ['floor', 'round'],
  round: ['floor', 'ceil'],
};
const DELETABLE = new Set(['ExpressionStatement', 'IfStatement', 'BreakStatement', 'ContinueStatement']);
const DUPLICABLE = new Set(['ExpressionStatement', 'IfStatement']);
const UNMOVABLE = new Set([
  'VariableDeclaration',
  'FunctionDeclaration',
  'ReturnStatement',
  'ClassDeclaration',
  'ExportNamedDeclaration',
  'TSInterfaceDeclaration',
  'TSTypeAliasDeclaration',
]);

/** All mutation sites fully inside the editable ranges. */
export function collectSites(source: string, root: Node, ranges: readonly { from: number; to: number }[]): Site[] {
  const inside = (n: Node): boolean => ranges.some((r) => n.start >= r.from && n.end <= r.to);
  const sites: Site[] = [];
  const line = (n: Node): number => n.loc.start.line;
  walk(root, (node, ancestors) => {
    if (!inside(node)) return;
    const parent = ancestors.at(-1);
    switch (node.type) {
      case 'NumericLiteral':
        if (parent?.type !== 'TSLiteralType') sites.push(numericSite(source, node));
        break;
      case 'BinaryExpression':
      case 'LogicalExpression': {
        const op = node.operator as string;
        const family = FAMILIES.find((f) => f.includes(op));
        if (!family) break;
        const left = node.left as Node;
        const right = node.right as Node;
        const gap = source.slice(left.end, right.start);
        const at = gap.indexOf(op);
        if (at < 0) break;
        sites.push({
          name: 'operator',
          edit: (rng) => {
            const to = rng.pick(family.filter((o) => o !== op));
            return {
              start: left.end + at,
              end: left.end + at + op.length,
              text: to,
              what: `operator ${op} -> ${to}`,
              line: line(node),
            };
          },
        });
        break;
      }
      case 'IfStatement':
      case 'ConditionalExpression':
      case 'WhileStatement': {
        const test = node.test as Node;
        const text = source.slice(test.start, test.end);
        const negated =
          test.type === 'UnaryExpression' && test.operator === '!'
            ? source.slice((test.argument as Node).start, (test.argument as Node).end)
            : `!(${text})`;
        sites.push({
          name: 'negate',
          edit: () => ({
            start: test.start,
            end: test.end,
            text: negated,
            what: `condition ${short(text)} negated`,
            line: line(node),
          }),
        });
        break;
      }
      case 'MemberExpression': {
        const obj = node.object as Node;
        const prop = node.property as Node;
        if (obj.type === 'Identifier' && obj.name === 'Math' && prop.type === 'Identifier' && !node.computed) {
          const options = MATH_SWAPS[prop.name as string];
          if (options) {
            sites.push({
              name: 'math-call',
              edit: (rng) => {
                const to = rng.pick(options);
                return {
                  start: prop.start,
                  end: prop.end,
                  text: to,
                  what: `Math.${prop.name as string} -> Math.${to}`,
                  line: line(node),
                };
              },
            });
          }
        }
        break;
      }
      case 'BlockStatement':
      case 'Program':
        statementSites(source, node.body as Node[], inside, sites);
        break;
      case 'Identifier':
        if (parent && isRead(node, parent)) identifierSites(node, ancestors, sites);
        break;
    }
  });
  return sites;
}

function numericSite(source: string, node: Node): Site {
  const value = node.value as number;
  const raw = source.slice(node.start, node.end);
  const integer = /^\d+$/.test(raw);
  return {
    name: 'numeric',
    edit: (rng) => {
      let next: number;
      if (value !== 0 && rng.float() < 0.6)
        next = value * Math.exp(rng.normal() * 0.4); // log scale
      else next = value + rng.normal() * Math.max(integer ? 1 : 0.1, Math.abs(value) * 0.25); // linear
      if (integer) {
        next = Math.round(next);
        if (next === value) next = value + (rng.float() < 0.5 ? -1 : 1);
      } else next = Number(next.toPrecision(4));
      if (!Number.isFinite(next) || next === value) return undefined;
      const text = next < 0 ? `(${next})` : String(next);
      return { start: node.start, end: node.end, text, what: `constant ${raw} -> ${next}`, line: node.loc.start.line };
    },
  };
}

function statementSites(source: string, body: Node[], inside: (n: Node) => boolean, sites: Site[]): void {
  const stmts = body.filter(inside);
  for (const s of stmts) {
    const text = source.slice(s.start, s.end);
    if (DELETABLE.has(s.type)) {
      sites.push({
        name: 'delete',
        edit: () => ({ start: s.start, end: s.end, text: '', what: `deleted ${short(text)}`, line: s.loc.start.line }),
      });
    }
    if (DUPLICABLE.has(s.type)) {
      sites.push({
        name: 'duplicate',
        edit: () => ({
          start: s.end,
          end: s.end,
          text: `\n${text}`,
          what: `duplicated ${short(text)}`,
          line: s.loc.start.line,
        }),
      });
    }
  }
  for (let i = 0; i + 1 < stmts.length; i++) {
    const a = stmts[i]!;
    const b = stmts[i + 1]!;
    if (UNMOVABLE.has(a.type) || UNMOVABLE.has(b.type) || b.start < a.end) continue;
    sites.push(swapSite(source, a, b, a.loc.start.line));
  }
}

/** True for an identifier read as a value (not declared, assigned, a property name or a type). */
function isRead(node: Node, parent: Node): boolean {
  if (parent.type.startsWith('TS')) return false;
  if (
    (parent.type === 'MemberExpression' || parent.type === 'OptionalMemberExpression') &&
    parent.property === node &&
    !parent.computed
  )
    return false;
  if (
    (parent.type === 'ObjectProperty' || parent.type === 'ObjectMethod' || parent.type === 'ClassMethod') &&
    parent.key === node &&
    !parent.computed
  )
    return false;
  if (parent.type === 'VariableDeclarator' && parent.id === node) return false;
  if (FUNCTION_TYPES.has(parent.type) && (parent.id === node || (parent.params as Node[]).includes(node))) return false;
  if ((parent.type === 'CallExpression' || parent.type === 'NewExpression') && parent.callee === node) return false;
  if (parent.type === 'AssignmentExpression' && parent.left === node) return false;
  if (parent.type === 'UpdateExpression') return false;
  if (parent.type.includes('Import') || parent.type.includes('Export') || parent.type === 'LabeledStatement')
    return false;
  if (parent.type === 'BreakStatement' || parent.type === 'ContinueStatement' || parent.type === 'CatchClause')
    return false;
  if (parent.type === 'ForOfStatement' || parent.type === 'ForInStatement') return parent.right === node;
  return (node.name as string) !== 'undefined' && (node.name as string) !== 'Math';
}

/** Names visible at `node`: parameters and earlier variables of the enclosing functions. */
function scopeNames(node: Node, ancestors: readonly Node[]): string[] {
  const names = new Set<string>();
  for (const a of ancestors) {
    if (FUNCTION_TYPES.has(a.type)) {
      for (const p of a.params as Node[]) {
        const id = p.type === 'AssignmentPattern' ? (p.left as Node) : p;
        if (id.type === 'Identifier') names.add(id.name as string);
      }
      walk(a.body as Node, (n, anc) => {
        if (n.type === 'VariableDeclarator' && (n.id as Node).type === 'Identifier' && n.end < node.start) {
          // visible only if its block encloses the node
          const block = [...anc]
            .reverse()
            .find(
              (x) =>
                x.type === 'BlockStatement' ||
                x.type === 'ForStatement' ||
                x.type === 'ForOfStatement' ||
                x.type === 'Program',
            );
          if (!block || (block.start <= node.start && block.end >= node.end)) names.add((n.id as Node).name as string);
        }
      });
    }
  }
  names.delete(node.name as string);
  return [...names];
}

function identifierSites(node: Node, ancestors: readonly Node[], sites: Site[]): void {
  if (!ancestors.some((a) => FUNCTION_TYPES.has(a.type))) return;
  const name = node.name as string;
  const line = node.loc.start.line;
  sites.push({
    name: 'identifier',
    edit: (rng) => {
      const others = scopeNames(node, ancestors);
      if (others.length === 0) return undefined;
      const to = rng.pick(others);
      return { start: node.start, end: node.end, text: to, what: `${name} -> ${to}`, line };
    },
  });
  sites.push({
    name: 'grow',
    edit: (rng) => {
      const others = scopeNames(node, ancestors);
      const op = rng.pick(['+', '-', '*', '/']);
      if (rng.float() < 0.2)
        return { start: node.start, end: node.end, text: `(-${name})`, what: `${name} -> -${name}`, line };
      const operand = others.length > 0 && rng.float() < 0.7 ? rng.pick(others) : String(rng.pick([0.5, 1, 2, 10]));
      const text = `(${name} ${op} ${operand})`;
      return { start: node.start, end: node.end, text, what: `${name} -> ${text}`, line };
    },
  });
}

/** A statement for the change log: one line, at most 40 characters. */
export const short = (text: string): string => {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > 40 ? `"${one.slice(0, 37)}..."` : `"${one}"`;
};

/** Exchanges two neighbouring statements (`a` before `b`), keeping what lies between them. */
export function swapSite(
  source: string,
  a: { start: number; end: number },
  b: { start: number; end: number },
  line: number,
): Site {
  const ta = source.slice(a.start, a.end);
  const tb = source.slice(b.start, b.end);
  return {
    name: 'swap',
    edit: () => ({
      start: a.start,
      end: b.end,
      text: tb + source.slice(a.end, b.start) + ta,
      what: `swapped ${short(ta)} and ${short(tb)}`,
      line,
    }),
  };
}
