// Which names are local variables of which function, and which name tokens
// are plain reads of a value. Without a Python parser this is deliberately
// conservative: a name counts as a local only when a statement of the
// function visibly binds it (parameter, `x = ...`, `x += ...`, `for x in`,
// `with ... as x`, `x := ...`), and a token is a read only where replacing
// it by another name or by a parenthesised expression stays valid Python.

import { AUGMENTED, keywordOf, walkStmts, type Block, type LogicalLine, type Stmt } from './structure.js';
import { KEYWORDS, type Token } from './tokenize.js';

export interface Binding {
  name: string;
  /** Offset just after the binding's logical line: the name is visible from there on. */
  after: number;
  /** Block of the statement that binds it: visible from there and its nested blocks. */
  block: Block;
}

export interface FunctionScope {
  def: Stmt;
  params: string[];
  bindings: Binding[];
}

export interface LineScope {
  line: LogicalLine;
  block: Block;
  /** Innermost enclosing function; undefined at module level and directly in a class body. */
  fn?: FunctionScope;
}

/** Lines whose names are never edited: definitions, imports, declarations, patterns, decorators. */
const SKIPPED = new Set(['def', 'class', 'import', 'from', 'global', 'nonlocal', 'del', 'case']);
/** Names that are parameters by convention and never stand for another value. */
const RESERVED = new Set(['self', 'cls']);

const isOp = (t: Token | undefined, ...ops: string[]): boolean => t?.kind === 'OP' && ops.includes(t.text);
const isName = (t: Token | undefined): t is Token => t?.kind === 'NAME' && !KEYWORDS.has(t.text);

/** A token after which `(` or `[` is a call or subscript (a trailer), and `-` or `*` is binary. */
export const endsOperand = (t: Token | undefined): boolean =>
  t !== undefined &&
  (t.kind === 'NUMBER' ||
    t.kind === 'STRING' ||
    (t.kind === 'NAME' && (!KEYWORDS.has(t.text) || ['True', 'False', 'None'].includes(t.text))) ||
    isOp(t, ')', ']', '}', '...'));

/** Index of the last top-level `=` or augmented assignment operator, or -1. */
function assignIndex(tokens: readonly Token[]): number {
  for (let i = tokens.length - 1; i >= 0; i--) {
    const t = tokens[i]!;
    if (t.kind === 'OP' && t.depth === 0 && (t.text === '=' || AUGMENTED.has(t.text))) return i;
  }
  return -1;
}

/** For each token index, whether it sits inside a call or subscript bracket. */
function insideTrailers(tokens: readonly Token[]): boolean[] {
  const stack: boolean[] = [];
  return tokens.map((t, i) => {
    const inside = stack.some(Boolean);
    if (isOp(t, '(', '[', '{')) stack.push(t.text !== '{' && endsOperand(tokens[i - 1]));
    else if (isOp(t, ')', ']', '}')) stack.pop();
    return inside;
  });
}

/** Names a line binds as a statement of its function (targets of assignments, loops, `with`, `:=`). */
function boundNames(line: LogicalLine, stmtKind: string): Token[] {
  const t = line.tokens;
  const out: Token[] = [];
  const plainTarget = (i: number): boolean => isName(t[i]) && !isOp(t[i - 1], '.') && !isOp(t[i + 1], '.', '[', '(');
  const trailer = insideTrailers(t);
  if (stmtKind === 'assign' || stmtKind === 'augassign') {
    if (isOp(t[1], ':')) {
      if (isName(t[0])) out.push(t[0]); // annotated: `x: int = 0`
    } else {
      const end = assignIndex(t);
      for (let i = 0; i < end; i++) if (plainTarget(i) && !trailer[i]) out.push(t[i]!);
    }
  }
  const word = keywordOf(line);
  if (word === 'for') {
    const from = t.findIndex((x) => x.text === 'for');
    for (let i = from + 1; i < t.length && !(t[i]!.text === 'in' && t[i]!.depth === 0); i++)
      if (plainTarget(i)) out.push(t[i]!);
  }
  if (word === 'with') {
    t.forEach((x, i) => {
      if (x.text === 'as' && x.kind === 'NAME' && plainTarget(i + 1)) out.push(t[i + 1]!);
    });
  }
  t.forEach((x, i) => {
    if (isOp(t[i + 1], ':=') && isName(x)) out.push(x);
  });
  return out;
}

/** Parameter names of a `def` line (not `self`/`cls`). */
function params(line: LogicalLine): string[] {
  const t = line.tokens;
  const open = t.findIndex((x) => isOp(x, '('));
  const names: string[] = [];
  for (let i = open + 1; i < t.length && !(isOp(t[i], ')') && t[i]!.depth === t[open]!.depth); i++) {
    const x = t[i]!;
    if (x.depth !== t[open]!.depth + 1 || !isName(x)) continue;
    let p = i - 1;
    while (isOp(t[p], '*', '**')) p--;
    if (p === open || isOp(t[p], ',', '/')) {
      if (isOp(t[i + 1], ',', ':', '=', ')') && !RESERVED.has(x.text)) names.push(x.text);
    }
  }
  return names;
}

/** Scope of every logical line, and the local names of every function. */
export function scopes(module: Block): LineScope[] {
  const out: LineScope[] = [];
  const fns = new Map<Stmt, FunctionScope>();
  walkStmts(module, (stmt, enclosing) => {
    const owner = [...enclosing].reverse().find((s) => s.kind === 'def' || s.kind === 'class');
    let fn: FunctionScope | undefined;
    if (owner?.kind === 'def') {
      fn = fns.get(owner);
      if (!fn) {
        fn = { def: owner, params: params(owner.clauses.at(-1)!.line), bindings: [] };
        fns.set(owner, fn);
      }
    }
    for (const c of stmt.clauses) {
      out.push({ line: c.line, block: stmt.block, fn });
      if (fn && stmt.kind !== 'def' && stmt.kind !== 'class')
        for (const name of boundNames(c.line, stmt.kind))
          fn.bindings.push({ name: name.text, after: c.line.end, block: stmt.block });
    }
  });
  return out;
}

/** Whether `outer` is `inner` or encloses it. */
function encloses(outer: Block, inner: Block): boolean {
  for (let b: Block | undefined = inner; b; b = b.owner?.block) if (b === outer) return true;
  return false;
}

/** Local names of the function visible at `token`: parameters, and names bound on earlier lines of an enclosing block. */
export function visibleLocals(scope: LineScope, token: Token): string[] {
  const fn = scope.fn;
  if (!fn) return [];
  const names = new Set(fn.params);
  for (const b of fn.bindings)
    if (b.after <= token.start && encloses(b.block, scope.block) && !RESERVED.has(b.name)) names.add(b.name);
  names.delete(token.text);
  return [...names].sort();
}

/** Whether the function binds `name` anywhere (as a parameter or a local variable). */
export const isLocal = (fn: FunctionScope, name: string): boolean =>
  fn.params.includes(name) || fn.bindings.some((b) => b.name === name);

/**
 * Name tokens of a line that are reads of a value, where `x` can become `y`
 * or `(x + y)`: not attribute names, callees, keyword arguments, targets of
 * assignments or loops, `as` names, lambda parameters or definitions.
 */
export function reads(line: LogicalLine): Token[] {
  const t = line.tokens;
  if (t.length === 0 || isOp(t[0], '@') || SKIPPED.has(keywordOf(line))) return [];
  const trailer = insideTrailers(t);
  const assign = assignIndex(t);
  const annotated = isOp(t[1], ':') && isName(t[0]) && !isOp(t.at(-1), ':');
  if (annotated && assign < 0) return [];
  const skip = new Set<number>();
  t.forEach((x, i) => {
    // targets of `for` (statement and comprehension): up to `in` at the same depth
    if (x.kind === 'NAME' && x.text === 'for')
      for (let j = i + 1; j < t.length && !(t[j]!.text === 'in' && t[j]!.depth === x.depth); j++) skip.add(j);
    // lambda parameters: up to the `:` at the same depth
    if (x.kind === 'NAME' && x.text === 'lambda')
      for (let j = i + 1; j < t.length && !(isOp(t[j], ':') && t[j]!.depth === x.depth); j++) skip.add(j);
    if (x.kind === 'NAME' && x.text === 'as') skip.add(i + 1);
  });
  const out: Token[] = [];
  t.forEach((x, i) => {
    if (!isName(x) || skip.has(i)) return;
    if (isOp(t[i - 1], '.')) return;
    if (isOp(t[i + 1], '(', '=', ':=') || (t[i + 1]?.kind === 'OP' && AUGMENTED.has(t[i + 1]!.text))) return;
    if (i < assign && !trailer[i]) return;
    if (annotated && i < 2) return;
    out.push(x);
  });
  return out;
}
