// Statement mutations for Python: delete, duplicate and swap whole statements
// at the same indentation within one block, as the TypeScript mutator does
// with its statement lists. A statement moves with its own lines (its
// trailing comment and, for `if`, its whole body); comment lines between
// statements stay where they are. A block is never left empty: deleting its
// only statement leaves `pass`.

import { short, swapSite, type Site } from '../sites.js';
import { walkStmts, type Block, type Stmt } from './structure.js';

/** Kinds that can be deleted (mirrors expression statements, `if`, `break` and `continue` in TypeScript). */
const DELETABLE = new Set(['expr', 'assign', 'augassign', 'break', 'continue', 'if']);
const DUPLICABLE = new Set(['expr', 'assign', 'augassign', 'if']);
/** Kinds that never move: definitions, imports, declarations, exits and docstrings. */
const UNMOVABLE = new Set([
  'return',
  'raise',
  'import',
  'from',
  'global',
  'nonlocal',
  'del',
  'docstring',
  'def',
  'class',
]);

const endsWithBreak = (text: string): boolean => text.endsWith('\n') || text.endsWith('\r');

export function statementSites(source: string, module: Block, inside: (from: number, to: number) => boolean): Site[] {
  const sites: Site[] = [];
  const blocks: Block[] = [module];
  walkStmts(module, (s) => {
    for (const c of s.clauses) if (c.body) blocks.push(c.body);
  });
  for (const block of blocks) {
    const stmts = block.stmts.filter((s) => inside(s.start, s.end));
    for (const s of stmts) {
      const text = source.slice(s.start, s.end);
      const code = text.trim();
      if (DELETABLE.has(s.kind)) sites.push(deleteSite(source, s, block, code));
      if (DUPLICABLE.has(s.kind)) {
        sites.push({
          name: 'duplicate',
          edit: () => ({
            start: s.end,
            end: s.end,
            text: endsWithBreak(text) ? text : `\n${text}`,
            what: `duplicated ${short(code)}`,
            line: s.line,
          }),
        });
      }
    }
    for (let i = 0; i + 1 < stmts.length; i++) {
      const a = stmts[i]!;
      const b = stmts[i + 1]!;
      if (block.stmts.indexOf(b) !== block.stmts.indexOf(a) + 1) continue;
      if (UNMOVABLE.has(a.kind) || UNMOVABLE.has(b.kind)) continue;
      // The last line of a file without a final line break cannot move up.
      if (!endsWithBreak(source.slice(b.start, b.end))) continue;
      sites.push(swapSite(source, a, b, a.line));
    }
  }
  return sites;
}

function deleteSite(source: string, s: Stmt, block: Block, code: string): Site {
  const alone = block.stmts.length === 1;
  const first = s.clauses[0]!.line;
  const indent = source.slice(s.start, first.tokens[0]!.start);
  const newline = /\r?\n$|\r$/.exec(source.slice(s.start, s.end))?.[0] ?? '';
  return {
    name: 'delete',
    edit: () => ({
      start: s.start,
      end: s.end,
      text: alone ? `${indent}pass${newline}` : '',
      what: alone ? `deleted ${short(code)} (pass keeps the block)` : `deleted ${short(code)}`,
      line: s.line,
    }),
  };
}
