import { describe, expect, it } from 'vitest';
import { BUILTIN_TASKS, evolve, type RunEvent } from '../src/index.js';
import { tempDir } from './helpers.js';

describe('library API', () => {
  it('evolve runs a built-in task and reports events and a summary', async () => {
    const events: RunEvent['type'][] = [];
    const summary = await evolve(
      {
        task: 'prism',
        runsDir: tempDir(),
        name: 'lib',
        budget: { iterations: 5 },
        pipeline: { workers: 1 },
        finalTest: false,
      },
      { listeners: [(e) => events.push(e.type)] },
    );
    expect(summary.iterations).toBe(5);
    expect(events[0]).toBe('start');
    expect(events).toContain('evaluated');
    expect(BUILTIN_TASKS.map((t) => t.name)).toContain('prism');
  });
});
