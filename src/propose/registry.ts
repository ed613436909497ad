import { z } from 'zod';
import { llmOptions } from './llm/config.js';
import { LlmProposer } from './llm/llm-proposer.js';
import { OfflineMutator } from './offline/mutator.js';
import type { Proposer } from './types.js';

const mutationWeights = z.strictObject({
  numeric: z.number().nonnegative().optional(),
  operator: z.number().nonnegative().optional(),
  negate: z.number().nonnegative().optional(),
  'math-call': z.number().nonnegative().optional(),
  delete: z.number().nonnegative().optional(),
  duplicate: z.number().nonnegative().optional(),
  swap: z.number().nonnegative().optional(),
  identifier: z.number().nonnegative().optional(),
  grow: z.number().nonnegative().optional(),
});

export const offlineOptions = z
  .strictObject({
    kind: z.literal('offline'),
    minMutations: z.number().int().min(1).default(1),
    maxMutations: z.number().int().min(1).default(3),
    weights: mutationWeights.default({}),
  })
  .refine((o) => o.maxMutations >= o.minMutations, {
    message: 'maxMutations must be >= minMutations',
    path: ['maxMutations'],
  });

export const proposerConfigSchema = z
  .discriminatedUnion('kind', [offlineOptions, llmOptions])
  .default(offlineOptions.parse({ kind: 'offline' }));

export type ProposerConfig = z.output<typeof proposerConfigSchema>;

export function createProposer(config: ProposerConfig): Proposer {
  switch (config.kind) {
    case 'offline':
      return new OfflineMutator(config);
    case 'llm':
      return new LlmProposer(config);
  }
}
