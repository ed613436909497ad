// EVOLVE-BLOCK markers: only code between a START and an END line may change.
// Markers are recognised in any comment syntax (//, #, --, /* */).

const START = /EVOLVE-BLOCK-START/;
const END = /EVOLVE-BLOCK-END/;

export interface Block {
  /** 0-based line index of the START marker. */
  startLine: number;
  /** 0-based line index of the END marker. */
  endLine: number;
  /** Character offsets of the editable text (after the START line, before the END line). */
  from: number;
  to: number;
}

const normalise = (source: string): string => source.replace(/\r\n?/g, '\n');

/** The evolve blocks of a program; no markers means the whole program is editable. */
export function findBlocks(source: string): Block[] | { error: string } {
  const lines = normalise(source).split('\n');
  const offsets: number[] = [];
  let pos = 0;
  for (const line of lines) {
    offsets.push(pos);
    pos += line.length + 1;
  }
  const blocks: Block[] = [];
  let open: number | undefined;
  lines.forEach((line, i) => {
    if (START.test(line)) {
      if (open !== undefined)
        throw new Error(`line ${i + 1}: EVOLVE-BLOCK-START inside the block opened at line ${open + 1}`);
      open = i;
    } else if (END.test(line)) {
      if (open === undefined) throw new Error(`line ${i + 1}: EVOLVE-BLOCK-END without a START`);
      blocks.push({ startLine: open, endLine: i, from: offsets[open + 1]!, to: offsets[i]! });
      open = undefined;
    }
  });
  if (open !== undefined) return { error: `line ${open + 1}: EVOLVE-BLOCK-START is never closed` };
  return blocks;
}

/** Like findBlocks, but throws on malformed markers and returns the whole text when there are none. */
export function editableRanges(source: string): Block[] {
  let blocks: Block[] | { error: string };
  try {
    blocks = findBlocks(source);
  } catch (error) {
    throw new Error(`malformed EVOLVE-BLOCK markers: ${(error as Error).message}`);
  }
  if (!Array.isArray(blocks)) throw new Error(`malformed EVOLVE-BLOCK markers: ${blocks.error}`);
  if (blocks.length > 0) return blocks;
  const text = normalise(source);
  return [{ startLine: -1, endLine: text.split('\n').length, from: 0, to: text.length }];
}

/** The program with every block's content replaced by a placeholder: what must never change. */
function skeleton(source: string): { frame: string; blocks: number } | { error: string } {
  let blocks: Block[] | { error: string };
  try {
    blocks = findBlocks(source);
  } catch (error) {
    return { error: (error as Error).message };
  }
  if (!Array.isArray(blocks)) return blocks;
  const lines = normalise(source).split('\n');
  const kept: string[] = [];
  let i = 0;
  for (const b of blocks) {
    kept.push(...lines.slice(i, b.startLine + 1), '\u0000BLOCK');
    i = b.endLine;
  }
  kept.push(...lines.slice(i));
  // Blank lines at the ends of the file are not code: ignore them.
  return {
    frame: kept
      .map((l) => l.trimEnd())
      .join('\n')
      .trim(),
    blocks: blocks.length,
  };
}

/**
 * Checks that `child` changed nothing outside the parent's evolve blocks.
 * Returns undefined when it is fine, or the reason it is not.
 */
export function outsideBlocksChange(parent: string, child: string): string | undefined {
  const p = skeleton(parent);
  if ('error' in p) return undefined; // a parent without valid markers constrains nothing
  if (p.blocks === 0) return undefined;
  const c = skeleton(child);
  if ('error' in c) return `the EVOLVE-BLOCK markers are broken: ${c.error}`;
  if (c.blocks !== p.blocks) return `the program has ${c.blocks} EVOLVE-BLOCK(s) where its parent has ${p.blocks}`;
  if (c.frame === p.frame) return undefined;
  const pl = p.frame.split('\n');
  const cl = c.frame.split('\n');
  let k = 0;
  while (k < pl.length && k < cl.length && pl[k] === cl[k]) k++;
  const shown = (cl[k] ?? '(end of file)').replace('\u0000BLOCK', '(evolve block)');
  return `code outside the EVOLVE-BLOCK changed (first difference near "${shown.trim().slice(0, 80)}"); only code between EVOLVE-BLOCK-START and EVOLVE-BLOCK-END may change`;
}
