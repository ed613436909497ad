import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Proposer, ProposeRequest, Proposal } from '../src/propose/types.js';

export const tempDir = (prefix = 'adrs-test-'): string => mkdtempSync(join(tmpdir(), prefix));

/** A proposer that returns the given sources in iteration order (then repeats the last). */
export class ScriptedProposer implements Proposer {
  readonly name = 'scripted';
  constructor(private readonly sources: ((parent: string) => string)[]) {}

  propose(request: ProposeRequest): Promise<Proposal> {
    const make = this.sources[Math.min(request.plan.iteration - 1, this.sources.length - 1)]!;
    return Promise.resolve({
      ok: true,
      source: make(request.parents[0]!.program.source),
      changes: [`scripted ${request.plan.iteration}`],
      call: { proposer: this.name, costUsd: 0.01, durationMs: 0 },
    });
  }
}
