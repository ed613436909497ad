import type { Rng } from '../../core/rng.js';
import type { Language } from '../../core/types.js';
import { editableRanges } from '../edit/evolve-block.js';
import type { Proposer, ProposeRequest, Proposal } from '../types.js';
import { parseError, parseProgram } from './ast.js';
import { crossover } from './crossover.js';
import { pythonCrossover } from './python/crossover.js';
import { pythonRanges } from './python/ranges.js';
import { collectPythonSites } from './python/sites.js';
import { pythonError } from './python/structure.js';
import { collectSites, type MutationName, type Site } from './sites.js';

export interface OfflineOptions {
  /** Point mutations per child: uniform in [min, max]. */
  minMutations: number;
  maxMutations: number;
  /** Relative weights of the mutation operators. */
  weights: Partial<Record<MutationName, number>>;
}

export const DEFAULT_WEIGHTS: Record<MutationName, number> = {
  numeric: 4,
  operator: 2,
  negate: 1,
  'math-call': 1,
  delete: 1,
  duplicate: 0.5,
  swap: 1,
  identifier: 2,
  grow: 1.5,
};

/** What the mutator needs from a language: its sites, a validity check, and crossover. */
interface Engine {
  /** Mutation sites inside the evolve blocks; throws when the source is not valid. */
  sites(source: string): Site[];
  /** Why the source is invalid, or undefined. */
  invalid(source: string): string | undefined;
  crossover(a: string, b: string, rng: Rng): { source: string; changes: string[] } | undefined;
}

const ENGINES: Partial<Record<Language, Engine>> = {
  typescript: {
    sites: (source) => collectSites(source, parseProgram(source), editableRanges(source)),
    invalid: parseError,
    crossover,
  },
  // No Python parser here: tokens and statement structure (see python/README.md).
  python: {
    sites: (source) => collectPythonSites(source, pythonRanges(source)),
    invalid: pythonError,
    crossover: pythonCrossover,
  },
};

/**
 * Applies `count` random point mutations inside the evolve blocks, re-checking
 * validity after each so that every step starts from valid code. Returns
 * undefined when nothing could be changed.
 */
export function mutate(
  source: string,
  rng: Rng,
  count: number,
  weights: Partial<Record<MutationName, number>> = {},
  language: Language = 'typescript',
): { source: string; changes: string[] } | undefined {
  const engine = ENGINES[language];
  if (!engine) throw new Error(`the offline mutator has no engine for ${language}`);
  const w = { ...DEFAULT_WEIGHTS, ...weights };
  let current = source;
  const changes: string[] = [];
  let attempts = 0;
  while (changes.length < count && attempts < count * 20) {
    attempts++;
    const sites = engine.sites(current);
    if (sites.length === 0) break;
    // Choose the operator first (so frequent site kinds do not drown rare ones), then a site.
    const names = [...new Set(sites.map((s) => s.name))];
    const name = names[rng.weighted(names.map((n) => w[n]))]!;
    const site = rng.pick(sites.filter((s) => s.name === name));
    const edit = site.edit(rng);
    if (!edit) continue;
    const next = current.slice(0, edit.start) + edit.text + current.slice(edit.end);
    if (next === current || engine.invalid(next)) continue;
    current = next;
    changes.push(`line ${edit.line}: ${edit.what}`);
  }
  return changes.length > 0 ? { source: current, changes } : undefined;
}

/** The no-model proposer: classic genetic improvement on the program's syntax tree (TypeScript) or tokens (Python). */
export class OfflineMutator implements Proposer {
  readonly name = 'offline';

  constructor(private readonly options: OfflineOptions) {}

  propose(request: ProposeRequest): Promise<Proposal> {
    const started = performance.now();
    const call = () => ({ proposer: this.name, costUsd: 0, durationMs: performance.now() - started });
    const language: Language = request.task.language;
    const engine = ENGINES[language];
    if (!engine) {
      return Promise.resolve({
        ok: false,
        reason: `the offline mutator handles TypeScript/JavaScript and Python programs, not ${language}`,
        call: call(),
      });
    }
    const [first, second] = request.parents;
    if (!first) return Promise.resolve({ ok: false, reason: 'no parent program', call: call() });
    try {
      const result = this.child(first.program.source, second?.program.source, request, engine, language);
      if (!result)
        return Promise.resolve({ ok: false, reason: 'no applicable mutation in the evolve blocks', call: call() });
      return Promise.resolve({ ok: true, ...result, call: call() });
    } catch (error) {
      return Promise.resolve({ ok: false, reason: `offline mutator: ${(error as Error).message}`, call: call() });
    }
  }

  private child(
    parent: string,
    other: string | undefined,
    request: ProposeRequest,
    engine: Engine,
    language: Language,
  ): { source: string; changes: string[] } | undefined {
    const rng: Rng = request.rng;
    const count = this.options.minMutations + rng.int(this.options.maxMutations - this.options.minMutations + 1);
    if (request.plan.mutation === 'crossover' && other !== undefined) {
      const crossed = engine.crossover(parent, other, rng);
      if (crossed) {
        // Half of the crossover children also get one point mutation.
        const extra = rng.float() < 0.5 ? mutate(crossed.source, rng, 1, this.options.weights, language) : undefined;
        return extra ? { source: extra.source, changes: [...crossed.changes, ...extra.changes] } : crossed;
      }
    }
    return mutate(parent, rng, count, this.options.weights, language);
  }
}
