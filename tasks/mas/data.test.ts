import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers.js';
import { generateTasks, loadProgramDev, sampleTasks, SYNTHETIC_TASKS } from './data.js';
import { checkPython } from './static-check.js';
import { createMasTask } from './task.js';

describe('synthetic ProgramDev-like tasks', () => {
  it('are deterministic for a seed, differ between seeds, and have the real shape', () => {
    const a = generateTasks(1);
    expect(generateTasks(1)).toEqual(a);
    expect(generateTasks(2)).not.toEqual(a);
    expect(a).toHaveLength(SYNTHETIC_TASKS);
    const lengths = a.map((t) => t.description.length);
    // Real descriptions: 55..738 characters, one paragraph, CamelCase names.
    expect(Math.min(...lengths)).toBeGreaterThanOrEqual(40);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(739);
    expect(a.every((t) => /^[A-Z][A-Za-z]*\d+$/.test(t.name) && !t.description.includes('\n'))).toBe(true);
    // Short and long tasks both occur (the real set spans 55 to 738 characters).
    expect(lengths.filter((l) => l < 100).length).toBeGreaterThan(0);
    expect(lengths.filter((l) => l > 250).length).toBeGreaterThan(0);
    // Loaded in the same lexicographic order as real files.
    expect(a.slice(0, 4).map((t) => t.index)).toEqual(['0', '1', '10', '11']);
  });

  it('the task without data samples six synthetic tasks for training and keeps 24 for testing', () => {
    const task = createMasTask({ llm: { baseUrl: 'scripted', model: 'scripted' }, dataSeed: 7 });
    expect(task.instances('train')).toHaveLength(6);
    expect(task.instances('test')).toHaveLength(24);
    expect(task.instances('train').map((i) => i.id)).toEqual(sampleTasks(generateTasks(7)).map((t) => t.index));
    expect(task.dataSource).toMatch(/^synthetic ProgramDev-like tasks, seed 7/);
  });
});

describe('loading ProgramDev', () => {
  it('names the file that is missing', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'programdev'));
    writeFileSync(join(dir, 'programdev', 'names_0.txt'), 'X\n');
    expect(() => loadProgramDev(dir)).toThrow(/descriptions_0\.txt is missing/);
    expect(() => loadProgramDev(tempDir())).toThrow(/programdev does not exist/);
  });

  it('skips tasks whose name or description is empty, as the reference does', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'programdev'));
    for (const [i, name, desc] of [
      ['0', 'A', 'do a'],
      ['1', '', 'do b'],
      ['2', 'C', '  \n'],
    ]) {
      writeFileSync(join(dir, 'programdev', `names_${i}.txt`), name!);
      writeFileSync(join(dir, 'programdev', `descriptions_${i}.txt`), desc!);
    }
    expect(loadProgramDev(dir).map((t) => t.name)).toEqual(['A']);
  });
});

describe('the static Python check lent to verifiers', () => {
  it('finds syntax problems, test functions, asserts and references', () => {
    const good = checkPython(
      '```python\nclass Game:\n    def play(self):\n        return [1, (2)]\n```',
      'def test_play():\n    assert Game().play()\n',
    );
    expect(good).toMatchObject({
      codeParses: true,
      testsParse: true,
      testFunctions: 1,
      asserts: 1,
      referencesCode: true,
    });
    const bad = checkPython('def f(:\n    return (1\n', '');
    expect(bad.codeParses).toBe(false);
    expect(bad.testsParse).toBe(false);
    expect(checkPython('if x:\nprint(1)\n', 'x').problems.join()).toMatch(/expected an indented block/);
  });
});
