import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyEditBlocks, extractProgram, parseEditBlocks } from '../src/propose/edit/search-replace.js';
import { buildPrompt, loadTemplate } from '../src/propose/prompt/builder.js';
import type { ProgramWithEval } from '../src/propose/types.js';

const program = ['function f(x: number) {', '  if (x > 1) {', '    return x * 2;', '  }', '  return x;', '}'].join(
  '\n',
);

describe('SEARCH/REPLACE edits', () => {
  it('parses blocks inside code fences and with CRLF', () => {
    const answer =
      'Idea.\r\n```ts\r\n<<<<<<< SEARCH\r\n    return x * 2;\r\n=======\r\n    return x * 3;\r\n>>>>>>> REPLACE\r\n```\r\n';
    const { blocks, truncated } = parseEditBlocks(answer);
    expect(truncated).toBe(false);
    expect(blocks).toEqual([{ search: '    return x * 2;', replace: '    return x * 3;' }]);
    expect(applyEditBlocks(program, blocks)).toEqual({ source: program.replace('x * 2', 'x * 3') });
  });

  it('falls back to a whitespace-insensitive match and re-indents the replacement', () => {
    const blocks = [{ search: 'if (x > 1) {\nreturn   x * 2;\n}', replace: 'if (x > 2) {\n  return x * 4;\n}' }];
    const out = applyEditBlocks(program, blocks);
    expect(out).toEqual({
      source: program.replace('  if (x > 1) {\n    return x * 2;\n  }', '  if (x > 2) {\n    return x * 4;\n  }'),
    });
  });

  it('an unmatched block is an error that shows the block', () => {
    const out = applyEditBlocks(program, [{ search: 'return y;', replace: 'return z;' }]);
    expect(out).toEqual({ error: expect.stringContaining('matches nothing in the program:\nreturn y;') as string });
  });

  it('detects an answer cut off inside a block', () => {
    expect(parseEditBlocks('<<<<<<< SEARCH\nreturn x;\n=======\nreturn').truncated).toBe(true);
  });

  it('extracts the longest fenced program and rejects an unclosed fence', () => {
    expect(extractProgram('short\n```ts\nconst a = 1;\n```\nand\n```ts\nconst b = 2;\nconst c = 3;\n```')).toEqual({
      source: 'const b = 2;\nconst c = 3;\n',
    });
    expect(extractProgram('```ts\nconst a = 1;\n')).toEqual({
      error: expect.stringContaining('never closes') as string,
    });
  });
});

const scored = (id: string, source: string, score: number, feedback = ''): ProgramWithEval => ({
  program: {
    id,
    iteration: 1,
    source,
    hash: id,
    parentIds: [],
    island: 0,
    generation: 0,
    mutation: 'diff',
    proposer: 'x',
    changes: [],
    createdAt: 0,
  },
  evaluation: {
    valid: true,
    score,
    metrics: { kvpr: 0.05 },
    privateMetrics: { secret: 1 },
    feedback,
    instances: [],
    durationMs: 1,
  },
});

describe('prompt builder', () => {
  const task = { name: 't', description: 'Minimise the pressure.', language: 'typescript' as const };

  it('has the task, program, metrics, feedback, inspirations and hints, never private metrics', () => {
    const p = buildPrompt({
      kind: 'diff',
      task,
      parent: scored('p1', program, 12.5, '- weakest instance 3: score 0'),
      inspirations: [scored('p7', 'const better = 1;', 20)],
      hints: ['try sorting by load'],
      tokenBudget: 10_000,
    });
    expect(p.system).toContain('Minimise the pressure.');
    for (const part of [
      program,
      'kvpr: 0.05',
      'weakest instance 3',
      'Program p7 (score 20)',
      'try sorting by load',
      'SEARCH/REPLACE',
    ])
      expect(p.user).toContain(part);
    expect(p.user).not.toContain('secret');
    expect(p.trimmed).toEqual([]);
  });

  it('over budget, drops inspirations before feedback, and never cuts the program', () => {
    const big = 'x'.repeat(8000);
    const feedback = Array.from({ length: 400 }, (_, i) => `- instance ${i}: score ${i}`).join('\n');
    const p = buildPrompt({
      kind: 'diff',
      task,
      parent: scored('p1', program, 1, feedback),
      inspirations: [scored('p2', big, 2), scored('p3', big, 3)],
      hints: [],
      tokenBudget: 2500,
    });
    expect(p.trimmed[0]).toBe('dropped 2 inspiration(s)');
    expect(p.trimmed[1]).toMatch(/shortened feedback/);
    expect(p.user).toContain(program);
    expect(p.user).toContain('instance 0: score 0');
  });
});

describe('prompt templates', () => {
  it('a templates folder overrides the templates it has and keeps the built-in ones for the rest', () => {
    const dir = mkdtempSync(join(tmpdir(), 'adrs-prompts-'));
    writeFileSync(join(dir, 'diff.md'), 'CUSTOM DIFF for {{program}} scoring {{score}}');
    const p = buildPrompt({
      kind: 'diff',
      task: { name: 't', description: 'Minimise.', language: 'typescript' },
      parent: scored('p1', 'const x = 1;', 3),
      inspirations: [],
      hints: [],
      tokenBudget: 10_000,
      templatesDir: dir,
    });
    expect(p.user).toBe('CUSTOM DIFF for const x = 1; scoring 3');
    expect(p.system).toContain('Minimise.');
  });
});

describe('the built-in edit template', () => {
  it('shows the exact SEARCH/REPLACE markers the parser accepts (no formatter rewrote them)', () => {
    const lines = loadTemplate('diff').split('\n');
    expect(lines).toContain('<<<<<<< SEARCH');
    expect(lines).toContain('=======');
    expect(lines).toContain('>>>>>>> REPLACE');
    expect(lines.join('\n')).not.toMatch(/> > >/);
  });
});

describe('the system prompt', () => {
  const parent = {
    program: { id: 'p0', source: 'X = 1\n' },
    evaluation: { score: 1, valid: true, metrics: {}, feedback: '' },
  } as unknown as ProgramWithEval;
  const system = (sandboxed: boolean) =>
    buildPrompt({
      kind: 'diff',
      task: { name: 't', description: 'd', language: 'python', sandboxed },
      parent,
      inspirations: [],
      hints: [],
      tokenBudget: 10_000,
    }).system;

  it('describes the sandbox only for sandboxed tasks', () => {
    expect(system(true)).toMatch(/Programs run in a sandbox with no file system/);
    expect(system(false)).not.toMatch(/sandbox/);
    expect(system(false)).toMatch(/The task's evaluator runs every program you write/);
    expect(system(false)).not.toContain('{{');
  });
});
