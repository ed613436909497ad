// The statement structure of a Python module, read from its tokens: logical
// lines grouped into statements (a compound statement keeps its clauses and
// their indented bodies) and statements into blocks. There is no expression
// parser: the mutator only needs statements, their extents and their kinds,
// and this is also the validity check run after every edit.

import { KEYWORDS, tokenize, TokenizeError, type Token } from './tokenize.js';

export interface LogicalLine {
  /** Code tokens (names, numbers, strings, operators), without comments and line breaks. */
  tokens: Token[];
  /** The NEWLINE token that ends the line. */
  newline: Token;
  /** Indentation depth (0 at module level). */
  level: number;
  /** Offset of the start of the physical line (its indentation included). */
  lineStart: number;
  /** Offset just after the line break. */
  end: number;
  line: number;
}

export interface Clause {
  line: LogicalLine;
  /** The indented body; undefined for a simple statement or a body on the same line (`if x: y`). */
  body?: Block;
}

export interface Stmt {
  /**
   * For compound statements the keyword (`if`, `for`, `def`, ...; `async` is
   * skipped; decorated definitions are `def` or `class`), for simple ones
   * its kind: a keyword (`pass`, `return`, ...), `assign`, `augassign`,
   * `expr`, `docstring`, or `several` (statements joined by `;`).
   */
  kind: string;
  compound: boolean;
  clauses: Clause[];
  block: Block;
  /** Offsets: start of its first physical line, just after its last line break. */
  start: number;
  end: number;
  line: number;
}

export interface Block {
  level: number;
  stmts: Stmt[];
  /** The statement whose clause this block is the body of; undefined at module level. */
  owner?: Stmt;
}

export const COMPOUND = new Set(['if', 'for', 'while', 'with', 'try', 'def', 'class', 'match', 'case']);
const CLAUSES = new Set(['elif', 'else', 'except', 'finally']);
const SIMPLE = new Set([
  'pass',
  'break',
  'continue',
  'return',
  'raise',
  'import',
  'from',
  'global',
  'nonlocal',
  'del',
  'assert',
]);
export const AUGMENTED = new Set(['+=', '-=', '*=', '/=', '//=', '%=', '**=', '>>=', '<<=', '&=', '|=', '^=', '@=']);

export class StructureError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
  }
}

/** Logical lines of a token list, with their indentation depth. */
export function logicalLines(source: string, tokens: readonly Token[]): LogicalLine[] {
  const lines: LogicalLine[] = [];
  let level = 0;
  let current: Token[] = [];
  let currentLevel = 0;
  for (const t of tokens) {
    if (t.kind === 'INDENT') level++;
    else if (t.kind === 'DEDENT') level--;
    else if (t.kind === 'NEWLINE') {
      const first = current[0]!;
      const lineStart =
        Math.max(source.lastIndexOf('\n', first.start - 1), source.lastIndexOf('\r', first.start - 1)) + 1;
      lines.push({ tokens: current, newline: t, level: currentLevel, lineStart, end: t.end, line: first.line });
      current = [];
    } else if (t.kind === 'NAME' || t.kind === 'NUMBER' || t.kind === 'STRING' || t.kind === 'OP') {
      if (current.length === 0) currentLevel = level;
      current.push(t);
    }
  }
  return lines;
}

/** First word of a line, skipping `async`. */
export function keywordOf(line: LogicalLine): string {
  const [a, b] = line.tokens;
  if (a?.kind !== 'NAME') return '';
  return a.text === 'async' && b?.kind === 'NAME' ? b.text : a.text;
}

const isHeader = (line: LogicalLine): boolean => {
  const last = line.tokens.at(-1)!;
  return last.kind === 'OP' && last.text === ':' && last.depth === 0;
};

function simpleKind(line: LogicalLine): string {
  const t = line.tokens;
  const word = t[0]!.kind === 'NAME' ? t[0]!.text : '';
  if (SIMPLE.has(word)) return word;
  const top = t.filter((x) => x.kind === 'OP' && x.depth === 0).map((x) => x.text);
  if (top.includes(';')) return 'several';
  if (t.every((x) => x.kind === 'STRING')) return 'docstring';
  if (top.some((o) => AUGMENTED.has(o))) return 'augassign';
  if (top.includes('=') || (t[1]?.text === ':' && !KEYWORDS.has(word))) return 'assign';
  return 'expr';
}

/** Which earlier clause each clause keyword may follow. */
const FOLLOWS: Record<string, (stmt: string, last: string) => boolean> = {
  elif: (s, l) => s === 'if' && (l === 'if' || l === 'elif'),
  else: (s, l) =>
    (s === 'if' && (l === 'if' || l === 'elif')) ||
    ((s === 'for' || s === 'while') && l === s) ||
    (s === 'try' && l === 'except'),
  except: (s, l) => s === 'try' && (l === 'try' || l === 'except'),
  finally: (s, l) => s === 'try' && (l === 'try' || l === 'except' || l === 'else'),
};

/** The statement tree of a module; throws TokenizeError or StructureError on invalid code. */
export function parseModule(source: string): { tokens: Token[]; lines: LogicalLine[]; module: Block } {
  const tokens = tokenize(source);
  const lines = logicalLines(source, tokens);
  let i = 0;

  const block = (level: number, owner: Stmt | undefined): Block => {
    const b: Block = { level, stmts: [], owner };
    let decorators: LogicalLine[] = [];
    while (i < lines.length && lines[i]!.level >= level) {
      const line = lines[i]!;
      if (line.level > level) throw new StructureError('unexpected indent', line.line);
      i++;
      const word = keywordOf(line);
      const header = isHeader(line);
      // `match` and `case` are keywords only at the start of a header (`match = 3` is an assignment).
      const soft = word === 'match' || word === 'case';
      const compound = (COMPOUND.has(word) && !soft) || CLAUSES.has(word) || header;
      if (compound && !COMPOUND.has(word) && !CLAUSES.has(word))
        throw new StructureError('a line ending with ":" must start a compound statement', line.line);
      if (compound && !header && !line.tokens.some((t) => t.text === ':' && t.kind === 'OP' && t.depth === 0))
        throw new StructureError(`"${word}" statement without ":"`, line.line);
      const clause: Clause = { line };
      if (header) {
        if (lines[i]?.level !== level + 1) throw new StructureError('expected an indented block', line.line);
      }
      if (line.tokens[0]!.text === '@') {
        decorators.push(line);
        continue;
      }
      if (CLAUSES.has(word)) {
        const prev = b.stmts.at(-1);
        const last = prev ? keywordOf(prev.clauses.at(-1)!.line) : '';
        if (!prev || decorators.length > 0 || !FOLLOWS[word]!(prev.kind, last))
          throw new StructureError(`"${word}" does not follow a matching statement`, line.line);
        prev.clauses.push(clause);
        if (header) clause.body = block(level + 1, prev);
        prev.end = lines[i - 1]!.end;
        continue;
      }
      if (decorators.length > 0 && word !== 'def' && word !== 'class')
        throw new StructureError('a decorator must precede "def" or "class"', line.line);
      const clauses: Clause[] = [...decorators.map((d) => ({ line: d })), clause];
      const first = clauses[0]!.line;
      const stmt: Stmt = {
        kind: compound ? word : simpleKind(line),
        compound,
        clauses,
        block: b,
        start: first.lineStart,
        end: line.end,
        line: first.line,
      };
      decorators = [];
      b.stmts.push(stmt);
      if (header) clause.body = block(level + 1, stmt);
      stmt.end = lines[i - 1]!.end;
    }
    if (decorators.length > 0)
      throw new StructureError('a decorator must precede "def" or "class"', decorators.at(-1)!.line);
    for (const s of b.stmts) {
      if (s.kind === 'try' && s.clauses.length === 1)
        throw new StructureError('"try" without "except" or "finally"', s.line);
    }
    return b;
  };

  const module = block(0, undefined);
  if (i < lines.length) throw new StructureError('unindent does not match the statement structure', lines[i]!.line);
  return { tokens, lines, module };
}

/** Why the source is not valid Python as far as tokens and statement structure tell; undefined when it is. */
export function pythonError(source: string): string | undefined {
  try {
    parseModule(source);
    return undefined;
  } catch (error) {
    if (error instanceof TokenizeError || error instanceof StructureError) return error.message;
    throw error;
  }
}

/** Every statement of a block tree, depth first, with the chain of enclosing statements. */
export function walkStmts(root: Block, visit: (stmt: Stmt, enclosing: readonly Stmt[]) => void): void {
  const stack: Stmt[] = [];
  const go = (b: Block): void => {
    for (const s of b.stmts) {
      visit(s, stack);
      stack.push(s);
      for (const c of s.clauses) if (c.body) go(c.body);
      stack.pop();
    }
  };
  go(root);
}
