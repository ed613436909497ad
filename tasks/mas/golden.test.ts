import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DATA_ROOT, goldenPath, sharedAvailable } from '../../test/shared-data.js';
import { loadProgramDev, sampleTasks } from './data.js';
import { parseJudgement } from './parse.js';
import { combinedScore, normalisedScore } from './score.js';
import { createMasTask } from './task.js';

const hasGolden = sharedAvailable('golden/mas.json');
const hasData = sharedAvailable('data/mas');

interface Golden {
  tasks_in_load_order: { index: string; name: string; description_chars: number }[];
  sampled_tasks: { n6_leaderboard: string[]; n1_stage1: string[] };
  per_task_normalized_score_by_failures: Record<string, number>;
  openevolve_combined_score_examples: Record<string, number>;
  judge_parse_vectors: Record<
    string,
    { response: string; failure_modes: Record<string, number>; total_failures: number }
  >;
}

describe.runIf(hasGolden)('mas against the reference numbers', () => {
  const golden = JSON.parse(readFileSync(goldenPath('mas'), 'utf8')) as Golden;

  it.each(Object.entries(golden.judge_parse_vectors))('parses the judge answer %s as the reference parser', (_k, v) => {
    const p = parseJudgement(v.response);
    expect(p.modes).toEqual(v.failure_modes);
    expect(p.totalFailures).toBe(v.total_failures);
  });

  it('scores each failure count exactly as the leaderboard table', () => {
    for (const [f, s] of Object.entries(golden.per_task_normalized_score_by_failures))
      expect(normalisedScore(Number(f))).toBe(s);
    expect(normalisedScore(-3)).toBe(100);
    expect(normalisedScore(20)).toBe(0);
  });

  it('reproduces the OpenEvolve combined score examples', () => {
    const ex = golden.openevolve_combined_score_examples;
    expect(combinedScore(38, 6)).toBe(ex['avg_failures_6.333 (38 over 6 tasks)']);
    expect(combinedScore(6, 6)).toBe(ex['avg_failures_1.0']);
    expect(combinedScore(10, 0)).toBe(0);
  });

  describe.runIf(hasData)('on the real ProgramDev tasks', () => {
    const tasks = loadProgramDev(DATA_ROOT + '/mas');

    it('loads the 30 tasks in lexicographic file order with the reference lengths', () => {
      expect(tasks.map((t) => [t.index, t.name, t.description.length])).toEqual(
        golden.tasks_in_load_order.map((t) => [t.index, t.name, t.description_chars]),
      );
    });

    it('samples the fixed six (27, 11, 0, 3, 16, 15) and the stage-1 task', () => {
      expect(sampleTasks(tasks).map((t) => `${t.index}:${t.name}`)).toEqual(golden.sampled_tasks.n6_leaderboard);
      expect(sampleTasks(tasks, 1).map((t) => `${t.index}:${t.name}`)).toEqual(golden.sampled_tasks.n1_stage1);
    });

    it('trains on the six and holds out the other 24 in load order', () => {
      const task = createMasTask({ dataDir: DATA_ROOT, llm: { baseUrl: 'scripted', model: 'scripted' } });
      expect(task.instances('train').map((i) => i.id)).toEqual(['27', '11', '0', '3', '16', '15']);
      const test = task.instances('test').map((i) => i.id);
      expect(test).toHaveLength(24);
      expect(test).toEqual(
        golden.tasks_in_load_order.map((t) => t.index).filter((i) => !['27', '11', '0', '3', '16', '15'].includes(i)),
      );
      expect(task.dataSource).toMatch(
        /ProgramDev tasks from .*programdev; scripted agents and a synthetic judge \(not MAST\)/,
      );
    });
  });
});

describe('judge parser edge cases', () => {
  it("uses the mode id as a pattern and takes the first yes/no after it (the reference's quirks)", () => {
    // "No or Incorrect Verification" begins with "No": in the bold style the name answers first.
    expect(parseJudgement('C.\n**3.2 No or Incorrect Verification**: yes').modes['3.2']).toBe(0);
    // The "." of the id matches any character.
    expect(parseJudgement('C.\n1x1 yes').modes['1.1']).toBe(1);
    expect(parseJudgement('garbage without any verdict').found).toBe(0);
  });
});
