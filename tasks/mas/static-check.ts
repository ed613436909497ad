// A static check of Python code and tests that a program may ask the host for
// (`ctx.tools.checkPython`), standing in for the seed's Python AST parse: no
// Python runs anywhere. It is a heuristic syntax check (brackets, strings,
// block indentation) plus the facts a verifier wants (test functions, asserts,
// tests that reference the code's names). It is host-side so that a
// verification step backed by it is a real check, not text the program wrote.

export interface PythonCheck {
  codeParses: boolean;
  testsParse: boolean;
  testFunctions: number;
  asserts: number;
  /** Some test mentions a function or class the code defines. */
  referencesCode: boolean;
  problems: string[];
}

/** The code inside the first ```python fence (or any fence), else the text itself. */
export function extractCode(text: string): string {
  const fenced = /```(?:python|py)?[^\n]*\n([\s\S]*?)```/i.exec(text);
  return (fenced ? fenced[1]! : text).replace(/\r\n/g, '\n');
}

/** Syntax problems found, empty when the text looks like valid Python. */
export function pythonProblems(source: string): string[] {
  const problems: string[] = [];
  const lines = source.split('\n');
  if (!lines.some((l) => l.trim() && !l.trim().startsWith('#'))) return ['no code'];
  const stack: string[] = [];
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  let expectIndent = -1;
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!;
    if (!line.trim() || line.trim().startsWith('#')) continue;
    const indent = line.length - line.trimStart().length;
    if (/^\s*\t/.test(line) && /^ +/.test(line)) problems.push(`line ${n + 1}: tabs and spaces mixed`);
    if (expectIndent >= 0 && stack.length === 0 && indent <= expectIndent)
      problems.push(`line ${n + 1}: expected an indented block`);
    expectIndent = -1;
    let quote = '';
    for (let i = 0; i < line.length; i++) {
      const c = line[i]!;
      if (quote) {
        if (c === '\\') i++;
        else if (line.startsWith(quote, i)) {
          i += quote.length - 1;
          quote = '';
        }
        continue;
      }
      if (c === '#') break;
      if (c === '"' || c === "'") quote = line.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
      if (quote.length === 3) i += 2;
      else if ('([{'.includes(c)) stack.push(c);
      else if (c in pairs) {
        if (stack.pop() !== pairs[c]) problems.push(`line ${n + 1}: unbalanced ${c}`);
      }
    }
    if (quote.length === 1) problems.push(`line ${n + 1}: unterminated string`);
    if (
      stack.length === 0 &&
      /:\s*(#.*)?$/.test(line) &&
      /^\s*(def|class|if|elif|else|for|while|try|except|finally|with)\b/.test(line)
    )
      expectIndent = indent;
  }
  if (stack.length > 0) problems.push(`unclosed ${stack.join('')}`);
  if (expectIndent >= 0) problems.push('a block is never opened after its colon');
  return problems.slice(0, 10);
}

export function checkPython(codeText: string, testsText: string): PythonCheck {
  const code = extractCode(String(codeText));
  const tests = extractCode(String(testsText));
  const codeProblems = pythonProblems(code);
  const testProblems = pythonProblems(tests);
  const names = [...code.matchAll(/^\s*(?:def|class)\s+([A-Za-z_]\w*)/gm)].map((m) => m[1]!);
  return {
    codeParses: codeProblems.length === 0,
    testsParse: testProblems.length === 0 && tests.trim().length > 0,
    testFunctions: (tests.match(/^\s*def\s+test_\w*/gm) ?? []).length,
    asserts: (tests.match(/^\s*assert\b/gm) ?? []).length,
    referencesCode: names.some((n) => new RegExp(`\\b${n}\\b`).test(tests)),
    problems: [...codeProblems.map((p) => `code: ${p}`), ...testProblems.map((p) => `tests: ${p}`)],
  };
}
