// A Python tokenizer in TypeScript, faithful enough for the offline mutator:
// it must find every string, comment, number, name and operator exactly (so
// that edits never land inside strings or comments) and reproduce the source
// byte for byte (every token carries the whitespace before it). It also
// catches the errors a mutation could introduce at this level: unterminated
// strings, unbalanced brackets and inconsistent indentation.

export type TokenKind =
  | 'NAME'
  | 'NUMBER'
  | 'STRING'
  | 'OP'
  | 'COMMENT'
  /** End of a logical line (text is the line break, '' at the end of a file without one). */
  | 'NEWLINE'
  /** A line break that does not end a logical line (blank line, comment line, inside brackets). */
  | 'NL'
  | 'INDENT'
  | 'DEDENT'
  | 'ENDMARKER';

export interface Token {
  kind: TokenKind;
  text: string;
  /** Whitespace (and backslash continuations) between the previous token and this one. */
  pre: string;
  /** Offsets of `text` in the source. */
  start: number;
  end: number;
  /** 1-based line of `start`. */
  line: number;
  /** Bracket depth around this token (a bracket counts as outside the pair it opens or closes). */
  depth: number;
}

export class TokenizeError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
  }
}

export const KEYWORDS = new Set([
  'False',
  'None',
  'True',
  'and',
  'as',
  'assert',
  'async',
  'await',
  'break',
  'class',
  'continue',
  'def',
  'del',
  'elif',
  'else',
  'except',
  'finally',
  'for',
  'from',
  'global',
  'if',
  'import',
  'in',
  'is',
  'lambda',
  'nonlocal',
  'not',
  'or',
  'pass',
  'raise',
  'return',
  'try',
  'while',
  'with',
  'yield',
]);

// Longest first, so that `**=` wins over `**` and `*`.
const OPERATORS = [
  '**=',
  '//=',
  '>>=',
  '<<=',
  '...',
  '->',
  ':=',
  '**',
  '//',
  '<<',
  '>>',
  '<=',
  '>=',
  '==',
  '!=',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '&=',
  '|=',
  '^=',
  '@=',
  ...'+-*/%@&|^~<>()[]{},:;.=',
];
const CLOSING: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

const NAME_START = /[\p{L}\p{Nl}_]/u;
const NAME_REST = /[\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}_]*/uy;
const STRING_PREFIX = /^(r|u|b|f|br|rb|fr|rf)$/i;
const DIGITS = '[0-9](?:_?[0-9])*';
const EXPONENT = `[eE][+-]?${DIGITS}`;
const NUMBER = new RegExp(
  [
    '0[xX](?:_?[0-9a-fA-F])+',
    '0[oO](?:_?[0-7])+',
    '0[bB](?:_?[01])+',
    `(?:(?:${DIGITS})?\\.${DIGITS}|${DIGITS}\\.)(?:${EXPONENT})?[jJ]?`,
    `${DIGITS}${EXPONENT}[jJ]?`,
    `${DIGITS}[jJ]?`,
  ].join('|'),
  'y',
);

/** Splits Python source into tokens; throws TokenizeError where CPython's tokenizer would fail. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const brackets: { char: string; line: number }[] = [];
  // Indentation columns with tabs to multiples of 8 and with tabs as 1 column:
  // CPython rejects code whose nesting differs between the two (TabError).
  const indents: [number, number][] = [[0, 0]];
  let pos = 0;
  let line = 1;
  let pre = '';
  let atLineStart = true;
  let lineHasCode = false;

  const push = (kind: TokenKind, end: number): void => {
    tokens.push({ kind, text: source.slice(pos, end), pre, start: pos, end, line, depth: brackets.length });
    pre = '';
    line += countBreaks(source, pos, end);
    pos = end;
  };
  const marker = (kind: TokenKind): void => {
    tokens.push({ kind, text: '', pre: '', start: pos, end: pos, line, depth: 0 });
  };

  if (source.startsWith('\uFEFF')) {
    pre = '\uFEFF';
    pos = 1;
  }

  while (pos < source.length) {
    if (atLineStart && brackets.length > 0) atLineStart = false;
    if (atLineStart) {
      atLineStart = false;
      let col = 0;
      let alt = 0;
      let p = pos;
      for (; p < source.length; p++) {
        const c = source[p];
        if (c === ' ') {
          col++;
          alt++;
        } else if (c === '\t') {
          col = (Math.floor(col / 8) + 1) * 8;
          alt++;
        } else if (c === '\f') {
          // a form feed resets the column
          col = 0;
          alt = 0;
        } else break;
      }
      const next = source[p];
      // Blank and comment-only lines do not take part in indentation.
      const blank = next === undefined || next === '\n' || next === '\r' || next === '#';
      const continued = next === '\\' && /^\\\r?\n/.test(source.slice(p, p + 3));
      if (!blank && !continued) {
        pre += source.slice(pos, p);
        pos = p;
        indentation(col, alt);
      }
    }
    const c = source[pos]!;
    if (c === ' ' || c === '\t' || c === '\f') {
      pre += c;
      pos++;
    } else if (c === '\\') {
      const m = /^\\(\r?\n)/.exec(source.slice(pos, pos + 3));
      if (!m) throw new TokenizeError('unexpected character after line continuation character', line);
      if (pos + m[0].length >= source.length) throw new TokenizeError('unexpected end of file after "\\"', line);
      pre += m[0];
      pos += m[0].length;
      line++;
    } else if (c === '\n' || c === '\r') {
      const end = c === '\r' && source[pos + 1] === '\n' ? pos + 2 : pos + 1;
      if (brackets.length === 0 && lineHasCode) push('NEWLINE', end);
      else push('NL', end);
      lineHasCode = false;
      atLineStart = true;
    } else if (c === '#') {
      let end = pos;
      while (end < source.length && source[end] !== '\n' && source[end] !== '\r') end++;
      push('COMMENT', end);
    } else {
      lineHasCode = true;
      scanCode(c);
    }
  }

  if (brackets.length > 0) {
    const open = brackets.at(-1)!;
    throw new TokenizeError(`"${open.char}" opened at line ${open.line} is never closed`, line);
  }
  if (lineHasCode) push('NEWLINE', pos);
  else if (tokens.at(-1)?.kind === 'COMMENT') push('NL', pos); // as CPython: a final comment line ends too
  while (indents.length > 1) {
    indents.pop();
    marker('DEDENT');
  }
  tokens.push({ kind: 'ENDMARKER', text: '', pre, start: pos, end: pos, line, depth: 0 });
  return tokens;

  function indentation(col: number, alt: number): void {
    const [top, topAlt] = indents.at(-1)!;
    if (col === top) {
      if (alt !== topAlt) throw new TokenizeError('inconsistent use of tabs and spaces in indentation', line);
    } else if (col > top) {
      if (alt <= topAlt) throw new TokenizeError('inconsistent use of tabs and spaces in indentation', line);
      indents.push([col, alt]);
      marker('INDENT');
    } else {
      while (indents.length > 1 && indents.at(-1)![0] > col) {
        indents.pop();
        marker('DEDENT');
      }
      const [now, nowAlt] = indents.at(-1)!;
      if (now !== col) throw new TokenizeError('unindent does not match any outer indentation level', line);
      if (nowAlt !== alt) throw new TokenizeError('inconsistent use of tabs and spaces in indentation', line);
    }
  }

  function scanCode(c: string): void {
    if (NAME_START.test(c)) {
      NAME_REST.lastIndex = pos + 1;
      NAME_REST.exec(source);
      const end = NAME_REST.lastIndex;
      const word = source.slice(pos, end);
      const q = source[end];
      if ((q === '"' || q === "'") && STRING_PREFIX.test(word)) {
        push('STRING', scanString(source, end, /f/i.test(word), line));
      } else push('NAME', end);
      return;
    }
    if (c === '"' || c === "'") {
      push('STRING', scanString(source, pos, false, line));
      return;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(source[pos + 1] ?? ''))) {
      NUMBER.lastIndex = pos;
      const m = NUMBER.exec(source);
      if (!m) throw new TokenizeError(`invalid number`, line);
      const end = pos + m[0].length;
      // `1if x else 2` is (deprecated but) valid; `1abc` or `0x1g` is not.
      const after = /^[\p{L}\p{N}_]+/u.exec(source.slice(end, end + 40))?.[0];
      if (after !== undefined && !/^(and|or|if|else|in|is|not|for)/.test(after))
        throw new TokenizeError(`invalid number "${m[0]}${after}"`, line);
      push('NUMBER', end);
      return;
    }
    const op = OPERATORS.find((o) => source.startsWith(o, pos));
    if (!op) throw new TokenizeError(`invalid character "${c}"`, line);
    if (op === '(' || op === '[' || op === '{') {
      push('OP', pos + 1);
      brackets.push({ char: op, line: tokens.at(-1)!.line });
      return;
    }
    if (CLOSING[op]) {
      const open = brackets.pop();
      if (!open) throw new TokenizeError(`unmatched "${op}"`, line);
      if (open.char !== CLOSING[op])
        throw new TokenizeError(`"${op}" does not match "${open.char}" opened at line ${open.line}`, line);
    }
    push('OP', pos + op.length);
  }
}

function countBreaks(source: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    if (source[i] === '\n' || (source[i] === '\r' && source[i + 1] !== '\n')) n++;
  }
  return n;
}

/**
 * End offset of the string literal whose quote is at `at` (in raw strings too,
 * a backslash keeps the next character from ending the literal). In f-strings the
 * replacement fields are skipped with their own strings and brackets, so a
 * quote inside `{...}` does not end the literal.
 */
function scanString(source: string, at: number, fstring: boolean, line: number): number {
  const quote = source[at]!;
  const triple = source.startsWith(quote.repeat(3), at);
  const close = triple ? quote.repeat(3) : quote;
  let p = at + close.length;
  while (p < source.length) {
    const c = source[p]!;
    if (c === '\\') {
      p += source[p + 1] === '\r' && source[p + 2] === '\n' ? 3 : 2;
      continue;
    }
    if (source.startsWith(close, p)) return p + close.length;
    if (!triple && (c === '\n' || c === '\r')) break;
    if (fstring && c === '{') {
      if (source[p + 1] === '{') p += 2;
      else p = scanField(source, p + 1, line, triple);
      continue;
    }
    p++;
  }
  throw new TokenizeError('unterminated string literal', line);
}

/** Skips an f-string replacement field starting after its `{`; returns the offset after its `}`. */
function scanField(source: string, from: number, line: number, multiline: boolean): number {
  let depth = 0;
  let p = from;
  while (p < source.length) {
    const c = source[p]!;
    if (!multiline && (c === '\n' || c === '\r') && depth === 0) break;
    if (c === '"' || c === "'") {
      p = scanString(source, p, false, line);
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === '}') {
      if (depth === 0) return p + 1;
      depth--;
    }
    p++;
  }
  throw new TokenizeError('unterminated f-string replacement field', line);
}

/** The source again, from the tokens. */
export function untokenize(tokens: readonly Token[]): string {
  return tokens.map((t) => t.pre + t.text).join('');
}
