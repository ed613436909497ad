import { describe, expect, it } from 'vitest';
import { findBlocks, outsideBlocksChange } from '../src/propose/edit/evolve-block.js';

const parent = [
  'const A = 1;',
  '// EVOLVE-BLOCK-START',
  'function f() { return 1; }',
  '// EVOLVE-BLOCK-END',
  'export const g = 2;',
].join('\n');

describe('EVOLVE-BLOCK markers', () => {
  it('finds blocks in any comment syntax', () => {
    expect(findBlocks('# EVOLVE-BLOCK-START\nx = 1\n# EVOLVE-BLOCK-END\n')).toHaveLength(1);
    expect(findBlocks('-- EVOLVE-BLOCK-START\n-- EVOLVE-BLOCK-END')).toHaveLength(1);
  });

  it('accepts changes inside the block, including CRLF line endings', () => {
    expect(outsideBlocksChange(parent, parent.replace('return 1', 'return 2; // better'))).toBeUndefined();
    expect(
      outsideBlocksChange(parent, parent.replace('return 1;', 'return 3;\n  // more lines\n').replace(/\n/g, '\r\n')),
    ).toBeUndefined();
  });

  it('rejects a change outside the block with a reason naming the line', () => {
    const reason = outsideBlocksChange(parent, parent.replace('const A = 1', 'const A = 2'));
    expect(reason).toMatch(/outside the EVOLVE-BLOCK/);
    expect(reason).toMatch(/const A = 2/);
    expect(outsideBlocksChange(parent, parent.replace('export const g = 2;', ''))).toMatch(/outside/);
  });

  it('rejects removed or broken markers', () => {
    expect(outsideBlocksChange(parent, parent.replace('// EVOLVE-BLOCK-END\n', ''))).toMatch(/never closed|markers/);
    expect(outsideBlocksChange(parent, parent.replace('// EVOLVE-BLOCK-START\n', ''))).toMatch(
      /without a START|markers/,
    );
  });

  it('a parent without markers allows any change', () => {
    expect(outsideBlocksChange('const x = 1;', 'const y = 2;')).toBeUndefined();
  });
});
