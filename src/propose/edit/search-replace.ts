// SEARCH/REPLACE edits from a model's answer: tolerant of code fences, CRLF and
// indentation, strict about matching: an unmatched block is an error naming it.

export interface EditBlock {
  search: string;
  replace: string;
}

const START = /^\s*<{5,}\s*SEARCH\s*$/;
const MID = /^\s*={5,}\s*$/;
const END = /^\s*>{5,}\s*REPLACE\s*$/;

/** Parses every block; `truncated` when a block never closes (an answer cut off mid-edit). */
export function parseEditBlocks(answer: string): { blocks: EditBlock[]; truncated: boolean } {
  const lines = answer.replace(/\r\n?/g, '\n').split('\n');
  const blocks: EditBlock[] = [];
  let state: 'out' | 'search' | 'replace' = 'out';
  let search: string[] = [];
  let replace: string[] = [];
  for (const line of lines) {
    if (state === 'out') {
      if (START.test(line)) {
        state = 'search';
        search = [];
      }
    } else if (state === 'search') {
      if (MID.test(line)) {
        state = 'replace';
        replace = [];
      } else search.push(line);
    } else if (END.test(line)) {
      blocks.push({ search: search.join('\n'), replace: replace.join('\n') });
      state = 'out';
    } else replace.push(line);
  }
  return { blocks, truncated: state !== 'out' };
}

const squash = (line: string): string => line.trim().replace(/\s+/g, ' ');
const indentOf = (line: string): string => /^\s*/.exec(line)![0];

/**
 * Applies the blocks in order. Each SEARCH must match the current text: exactly,
 * or else line by line ignoring whitespace (then the REPLACE lines are
 * re-indented by the difference in indentation of the first line).
 */
export function applyEditBlocks(source: string, blocks: EditBlock[]): { source: string } | { error: string } {
  let text = source.replace(/\r\n?/g, '\n');
  for (const [i, block] of blocks.entries()) {
    if (block.search.trim() === '') return { error: `edit ${i + 1} has an empty SEARCH part` };
    const at = text.indexOf(block.search);
    if (at >= 0) {
      text = text.slice(0, at) + block.replace + text.slice(at + block.search.length);
      continue;
    }
    const lines = text.split('\n');
    const want = block.search
      .split('\n')
      .filter((l, k, all) => !(l.trim() === '' && (k === 0 || k === all.length - 1)));
    const target = want.map(squash);
    let found = -1;
    for (let s = 0; s + target.length <= lines.length && found < 0; s++) {
      if (target.every((t, k) => squash(lines[s + k]!) === t)) found = s;
    }
    if (found < 0) {
      const shown = block.search.split('\n').slice(0, 6).join('\n');
      return { error: `SEARCH block ${i + 1} of ${blocks.length} matches nothing in the program:\n${shown}` };
    }
    const delta = indentOf(lines[found]!).length - indentOf(want[0]!).length;
    const reindent = (l: string): string =>
      l.trim() === '' ? l : delta >= 0 ? ' '.repeat(delta) + l : l.slice(Math.min(-delta, indentOf(l).length));
    lines.splice(found, target.length, ...block.replace.split('\n').map(reindent));
    text = lines.join('\n');
  }
  return { source: text };
}

/** The program in a full-rewrite answer: the longest fenced code block (or the whole answer without fences). */
export function extractProgram(answer: string): { source: string } | { error: string } {
  const text = answer.replace(/\r\n?/g, '\n');
  const fences = [...text.matchAll(/^```[^\n]*\n([\s\S]*?)^```\s*$/gm)].map((m) => m[1]!);
  if (fences.length > 0) return { source: fences.reduce((a, b) => (b.length > a.length ? b : a)) };
  if (/^```/m.test(text)) return { error: 'the answer opens a code block that never closes (truncated?)' };
  if (text.trim() === '') return { error: 'the answer is empty' };
  return { source: text };
}
