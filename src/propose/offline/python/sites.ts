// Mutation sites in Python source, mirroring the TypeScript ones in
// ../sites.ts: the same MutationNames (so the `weights` config applies to
// both languages) and the same numeric perturbation. Every site is a token or
// a whole statement inside the evolve blocks; strings and comments are whole
// tokens here, so no edit can land inside one.

import type { Rng } from '../../../core/rng.js';
import type { Site } from '../sites.js';
import { identifierSites } from './identifiers.js';
import type { Range } from './ranges.js';
import { keywordOf, parseModule, walkStmts, type LogicalLine } from './structure.js';
import { short } from '../sites.js';
import { statementSites } from './statements.js';
import { endsOperand } from './scope.js';
import type { Token } from './tokenize.js';

const FAMILIES = [
  ['<', '<=', '>', '>='],
  ['==', '!='],
  ['+', '-'],
  ['*', '/', '//'],
  ['+=', '-='],
  ['*=', '/=', '//='],
  ['and', 'or'],
];
const MATH_SWAPS: Record<string, string> = { min: 'max', max: 'min', floor: 'ceil', ceil: 'floor' };

/** All mutation sites of `source` fully inside `ranges` (offsets into `source`). */
export function collectPythonSites(source: string, ranges: readonly Range[]): Site[] {
  const { tokens, module } = parseModule(source);
  const inside = (from: number, to: number): boolean => ranges.some((r) => from >= r.from && to <= r.to);
  const sites: Site[] = [];
  const code = tokens.filter((t) => t.kind === 'NAME' || t.kind === 'NUMBER' || t.kind === 'OP' || t.kind === 'STRING');
  code.forEach((t, i) => {
    if (!inside(t.start, t.end)) return;
    const prev = code[i - 1];
    if (t.kind === 'NUMBER') {
      const site = numericSite(t);
      if (site) sites.push(site);
    } else if (t.kind === 'OP' || t.text === 'and' || t.text === 'or') {
      const family = FAMILIES.find((f) => f.includes(t.text));
      // `-x`, `*args`, `**kw` are not binary operators: those follow an operand.
      if (family && (t.text.endsWith('=') || t.kind === 'NAME' || endsOperand(prev)))
        sites.push(operatorSite(t, family));
    } else if (t.kind === 'NAME' && MATH_SWAPS[t.text] && code[i + 1]?.text === '(') {
      const builtin = (t.text === 'min' || t.text === 'max') && prev?.text !== '.' && prev?.text !== 'def';
      const math = (t.text === 'floor' || t.text === 'ceil') && prev?.text === '.' && code[i - 2]?.text === 'math';
      if (builtin || math) sites.push(mathSite(t, math ? 'math.' : ''));
    }
  });
  walkStmts(module, (stmt) => {
    for (const c of stmt.clauses) {
      const word = keywordOf(c.line);
      if ((word === 'if' || word === 'elif' || word === 'while') && inside(c.line.lineStart, c.line.end)) {
        const site = negateSite(source, c.line);
        if (site) sites.push(site);
      }
    }
  });
  sites.push(...statementSites(source, module, inside));
  sites.push(...identifierSites(module, inside));
  return sites;
}

/** Value of a Python number literal, and whether it is an int; undefined for complex literals. */
export function numberValue(raw: string): { value: number; integer: boolean } | undefined {
  const text = raw.replace(/_/g, '');
  if (/[jJ]$/.test(text)) return undefined;
  if (/^0[xXoObB]/.test(text)) return { value: Number(text.toLowerCase()), integer: true };
  return { value: Number(text), integer: !/[.eE]/.test(text) };
}

function numericSite(t: Token): Site | undefined {
  const parsed = numberValue(t.text);
  if (!parsed || !Number.isFinite(parsed.value)) return undefined;
  const { value, integer } = parsed;
  return {
    name: 'numeric',
    edit: (rng: Rng) => {
      // The same perturbation as the TypeScript mutator: log scale or linear.
      let next: number;
      if (value !== 0 && rng.float() < 0.6) next = value * Math.exp(rng.normal() * 0.4);
      else next = value + rng.normal() * Math.max(integer ? 1 : 0.1, Math.abs(value) * 0.25);
      if (integer) {
        next = Math.round(next);
        if (next === value) next = value + (rng.float() < 0.5 ? -1 : 1);
        if (!Number.isSafeInteger(next)) return undefined;
      } else next = Number(next.toPrecision(4));
      if (!Number.isFinite(next) || next === value) return undefined;
      let text = String(next);
      // A float literal stays a float in Python (`range(3.0)` fails where `range(3)` works, and vice versa).
      if (!integer && !/[.e]/.test(text)) text += '.0';
      if (next < 0) text = `(${text})`;
      return { start: t.start, end: t.end, text, what: `constant ${t.text} -> ${next}`, line: t.line };
    },
  };
}

function operatorSite(t: Token, family: string[]): Site {
  return {
    name: 'operator',
    edit: (rng) => {
      const to = rng.pick(family.filter((o) => o !== t.text));
      return { start: t.start, end: t.end, text: to, what: `operator ${t.text} -> ${to}`, line: t.line };
    },
  };
}

function mathSite(t: Token, prefix: string): Site {
  const to = MATH_SWAPS[t.text]!;
  return {
    name: 'math-call',
    edit: () => ({ start: t.start, end: t.end, text: to, what: `${prefix}${t.text} -> ${prefix}${to}`, line: t.line }),
  };
}

/** `if c:` becomes `if not (c):`, and `if not c:` becomes `if c:`. */
function negateSite(source: string, line: LogicalLine): Site | undefined {
  const t = line.tokens;
  const colon = t.findIndex((x) => x.kind === 'OP' && x.text === ':' && x.depth === 0);
  if (colon < 2) return undefined;
  const first = t[1]!;
  const last = t[colon - 1]!;
  const text = source.slice(first.start, last.end);
  const word = t[0]!.text;
  if (first.text === 'not' && first.kind === 'NAME' && colon > 2) {
    const after = t[2]!;
    return {
      name: 'negate',
      edit: () => ({
        start: first.start,
        end: after.start,
        // `if not(x):` -> `if (x):`; keep one space after the keyword
        text: after.pre === '' && first.pre === '' ? ' ' : '',
        what: `${word} condition ${short(text)}: removed not`,
        line: line.line,
      }),
    };
  }
  return {
    name: 'negate',
    edit: () => ({
      start: first.start,
      end: last.end,
      text: `${first.pre === '' ? ' ' : ''}not (${text})`,
      what: `${word} condition ${short(text)} negated`,
      line: line.line,
    }),
  };
}
