// The evolve blocks as offsets into the raw source. `editableRanges` counts
// offsets in the text with line breaks normalised to "\n"; a Python file with
// Windows line breaks needs them mapped back before edits are placed.

import { editableRanges } from '../../edit/evolve-block.js';

export interface Range {
  from: number;
  to: number;
}

export function pythonRanges(source: string): Range[] {
  const blocks = editableRanges(source);
  if (!source.includes('\r')) return blocks.map((b) => ({ from: b.from, to: b.to }));
  // raw[i] is the raw offset of normalised offset i ("\r\n" and a lone "\r" are one "\n").
  const raw: number[] = [];
  for (let i = 0; i < source.length; i++) {
    raw.push(i);
    if (source[i] === '\r' && source[i + 1] === '\n') i++;
  }
  raw.push(source.length);
  return blocks.map((b) => ({ from: raw[b.from]!, to: raw[b.to]! }));
}
