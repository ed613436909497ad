import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyOverrides, ConfigError, parseRunConfig, readConfigFile } from '../src/core/config.js';
import { startRun } from '../src/core/run.js';
import { tempDir } from './helpers.js';

describe('run config', () => {
  it('fills defaults', () => {
    const c = parseRunConfig({ task: 'prism' });
    expect(c.strategy.name).toBe('islands');
    expect(c.proposer.kind).toBe('offline');
    expect(c.pipeline.inFlight).toBe(4);
    expect(c.budget.iterations).toBe(100);
  });

  it.each([
    [{ task: 'prism', budget: { iteratons: 5 } }, 'budget.iteratons: unknown key'],
    [{ task: 'prism', stratgy: {} }, 'stratgy: unknown key'],
    [{ task: 'prism', strategy: { name: 'islands', islandz: 3 } }, 'strategy.islandz: unknown key'],
    [{ task: 'prism', proposer: { kind: 'offline', weights: { numerc: 1 } } }, 'proposer.weights.numerc: unknown key'],
    [{ task: 'prism', budget: { wallTime: '3 fortnights' } }, 'budget.wallTime'],
    [{ task: 'prism', pipeline: { workers: 0 } }, 'pipeline.workers'],
    [{ task: 'prism', strategy: { name: 'nope' } }, 'strategy.name'],
    [{}, 'task'],
  ])('%j is rejected naming %s', (raw, path) => {
    expect(() => parseRunConfig(raw)).toThrow(ConfigError);
    expect(() => parseRunConfig(raw)).toThrow(path);
  });

  it('parses durations', () => {
    expect(parseRunConfig({ task: 'prism', budget: { wallTime: '3m' } }).budget.wallTime).toBe(180_000);
    expect(parseRunConfig({ task: 'prism', budget: { wallTime: 90 } }).budget.wallTime).toBe(90_000);
  });

  it('applies --set overrides as YAML scalars and rejects malformed ones', () => {
    const raw = applyOverrides({ task: 'prism' }, ['strategy.islands=5', 'strategy.name=islands', 'finalTest=false']);
    expect(parseRunConfig(raw).strategy).toMatchObject({ name: 'islands', islands: 5 });
    expect(parseRunConfig(raw).finalTest).toBe(false);
    expect(() => applyOverrides({}, ['novalue'])).toThrow('expected key.path=value');
    expect(() => parseRunConfig(applyOverrides({ task: 'prism' }, ['budget.iteratons=3']))).toThrow(
      'budget.iteratons: unknown key',
    );
  });

  it('reports YAML syntax errors with file, line and column', () => {
    const file = join(tempDir(), 'bad.yaml');
    writeFileSync(file, 'task: prism\nbudget:\n  iterations: [1, 2\n');
    expect(() => readConfigFile(file)).toThrow(/bad\.yaml:\d+:\d+/);
  });

  it('a config typo stops the run before anything is created', async () => {
    const runsDir = tempDir();
    await expect(startRun({ task: 'prism', runsDir, budget: { iteratons: 3 } })).rejects.toThrow(
      'budget.iteratons: unknown key',
    );
  });

  it('an unknown task names the built-in tasks', async () => {
    await expect(startRun({ task: 'prizm', runsDir: tempDir() })).rejects.toThrow(/neither a built-in task \(prism/);
  });

  it('paths in a config file are relative to the file; built-in task names stay names', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'exp', 'mytask'), { recursive: true });
    const file = join(dir, 'exp', 'adrs.yaml');
    writeFileSync(file, 'task: mytask\nrunsDir: runs\ndata:\n  dir: ../data\n');
    const raw = readConfigFile(file);
    expect(raw.task).toBe(join(dir, 'exp', 'mytask'));
    expect(raw.runsDir).toBe(join(dir, 'exp', 'runs'));
    expect((raw.data as { dir: string }).dir).toBe(join(dir, 'data'));
    writeFileSync(file, 'task: prism\n');
    expect(readConfigFile(file).task).toBe('prism');
  });
});
