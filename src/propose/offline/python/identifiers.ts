// Identifier mutations for Python, mirroring the TypeScript `identifier`
// (swap a read of a local for another local in scope) and `grow` (`x` ->
// `(x + y)`, `(x * 2)`, `(-x)`) sites. Only reads of a function's own local
// variables are edited, and only into locals bound before the read in an
// enclosing block: globals, attributes and builtins are left alone.

import type { Site } from '../sites.js';
import { isLocal, reads, scopes, visibleLocals } from './scope.js';
import type { Block } from './structure.js';

export function identifierSites(module: Block, inside: (from: number, to: number) => boolean): Site[] {
  const sites: Site[] = [];
  for (const scope of scopes(module)) {
    const fn = scope.fn;
    if (!fn) continue;
    for (const token of reads(scope.line)) {
      if (!inside(token.start, token.end) || !isLocal(fn, token.text)) continue;
      const name = token.text;
      const line = token.line;
      sites.push({
        name: 'identifier',
        edit: (rng) => {
          const others = visibleLocals(scope, token);
          if (others.length === 0) return undefined;
          const to = rng.pick(others);
          return { start: token.start, end: token.end, text: to, what: `${name} -> ${to}`, line };
        },
      });
      sites.push({
        name: 'grow',
        edit: (rng) => {
          const others = visibleLocals(scope, token);
          const op = rng.pick(['+', '-', '*', '/']);
          if (rng.float() < 0.2)
            return { start: token.start, end: token.end, text: `(-${name})`, what: `${name} -> -${name}`, line };
          const operand = others.length > 0 && rng.float() < 0.7 ? rng.pick(others) : String(rng.pick([0.5, 1, 2, 10]));
          const text = `(${name} ${op} ${operand})`;
          return { start: token.start, end: token.end, text, what: `${name} -> ${text}`, line };
        },
      });
    }
  }
  return sites;
}
