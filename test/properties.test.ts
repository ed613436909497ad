import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseRunConfig } from '../src/core/config.js';
import { loadTaskDir } from '../src/core/load-task.js';
import { applyEditBlocks, extractProgram, parseEditBlocks } from '../src/propose/edit/search-replace.js';
import { tempDir } from './helpers.js';

const VALID = {
  task: 'prism',
  seed: 3,
  budget: { iterations: 10, wallTime: '1m' },
  stop: { patience: 5 },
  pipeline: { inFlight: 2, workers: 1 },
  limits: { timeMsPerInstance: 100 },
  strategy: { name: 'islands', islands: 2 },
  proposer: { kind: 'offline', maxMutations: 2, weights: { numeric: 1 } },
};

/** Every mapping in VALID, by path, and its leaves. */
const MAPPINGS = ['', 'budget', 'stop', 'pipeline', 'limits', 'strategy', 'proposer', 'proposer.weights'];
const LEAVES = [
  'seed',
  'budget.iterations',
  'stop.patience',
  'pipeline.inFlight',
  'limits.timeMsPerInstance',
  'strategy.islands',
  'proposer.maxMutations',
  'proposer.weights.numeric',
];

const at = (o: Record<string, unknown>, path: string): Record<string, unknown> =>
  path === '' ? o : path.split('.').reduce<Record<string, unknown>>((n, k) => n[k] as Record<string, unknown>, o);

describe('property: every invalid config gets an error naming the field', () => {
  it('accepts the base config', () => expect(() => parseRunConfig(VALID)).not.toThrow());

  it('an unknown key anywhere is named with its full path', () => {
    fc.assert(
      fc.property(fc.constantFrom(...MAPPINGS), fc.stringMatching(/^[a-z][a-zA-Z]{2,12}$/), (path, key) => {
        const raw = structuredClone(VALID) as Record<string, unknown>;
        const node = at(raw, path);
        fc.pre(
          !(key in node) &&
            ![
              'name',
              'runsDir',
              'seedProgram',
              'data',
              'finalTest',
              'evaluations',
              'dollars',
              'targetScore',
              'memoryMb',
            ].includes(key),
        );
        fc.pre(
          !(
            path === 'strategy' &&
            [
              'populationSize',
              'tournamentSize',
              'exploreRate',
              'crossoverRate',
              'migrationInterval',
              'migrationCount',
              'inspirations',
            ].includes(key)
          ),
        );
        fc.pre(!(path === 'proposer' && ['minMutations'].includes(key)));
        fc.pre(
          !(
            path === 'proposer.weights' &&
            ['operator', 'negate', 'delete', 'duplicate', 'swap', 'identifier', 'grow'].includes(key)
          ),
        );
        node[key] = 1;
        let error: unknown;
        try {
          parseRunConfig(raw);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(ConfigError);
        expect((error as Error).message).toContain(`${path ? `${path}.` : ''}${key}: unknown key`);
      }),
      { numRuns: 200 },
    );
  });

  it('a wrong value at any leaf is named with its path', () => {
    const wrong = fc.oneof(
      fc.string(),
      fc.constant(-5),
      fc.constant(0.5),
      fc.constant(null),
      fc.array(fc.integer(), { maxLength: 2 }),
      fc.constant({}),
    );
    fc.assert(
      fc.property(fc.constantFrom(...LEAVES), wrong, (path, value) => {
        const raw = structuredClone(VALID) as Record<string, unknown>;
        const parts = path.split('.');
        const node = at(raw, parts.slice(0, -1).join('.'));
        const key = parts.at(-1)!;
        node[key] = value;
        let error: unknown;
        try {
          parseRunConfig(raw);
        } catch (e) {
          error = e;
        }
        if (error === undefined) return; // some values are legal (e.g. 0.5 for a weight)
        expect(error).toBeInstanceOf(ConfigError);
        expect((error as Error).message).toContain(path);
      }),
      { numRuns: 300 },
    );
  });
});

describe('property: task definitions', () => {
  it('any adrs-task.yaml content either loads or fails with a message naming the file; nothing crashes', () => {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'initial.py'), 'X = 1\n');
    const field = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }),
    );
    const doc = fc.record(
      {
        name: field,
        description: field,
        initialProgram: fc.oneof(fc.constant('initial.py'), field),
        evaluator: fc.oneof(
          fc.record({
            command: fc.oneof(fc.constant('python3 e.py {program}'), field),
            timeout: fc.oneof(fc.constant('5s'), field),
          }),
          field,
        ),
        extra: field,
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(doc, (d) => {
        writeFileSync(join(dir, 'adrs-task.yaml'), stringify(d));
        try {
          loadTaskDir(dir);
        } catch (e) {
          expect(e).toBeInstanceOf(Error);
          expect(e).not.toBeInstanceOf(TypeError);
          expect((e as Error).message).toContain('adrs-task.yaml');
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('property: model answers never crash the edit parser', () => {
  it('arbitrary text parses to blocks or an error', () => {
    const chunk = fc.oneof(
      fc.string(),
      fc.constantFrom('<<<<<<< SEARCH', '=======', '>>>>>>> REPLACE', '```ts', '```', '\r\n', '\n', '  return gpu;'),
    );
    fc.assert(
      fc.property(fc.array(chunk, { maxLength: 30 }), (parts) => {
        const answer = parts.join('\n');
        const { blocks } = parseEditBlocks(answer);
        const applied = applyEditBlocks('function f() {\n  return gpu;\n}\n', blocks);
        expect('source' in applied || 'error' in applied).toBe(true);
        const program = extractProgram(answer);
        expect('source' in program || 'error' in program).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
