import { z } from 'zod';
import { IslandsStrategy, islandsOptions } from './islands.js';
import type { Strategy } from './types.js';

/** Every strategy: its options schema (with a literal `name`) and a constructor. One line each. */
const STRATEGIES = [
  { schema: islandsOptions, create: (o: z.output<typeof islandsOptions>) => new IslandsStrategy(o) },
] as const;

export const strategyConfigSchema = z
  .discriminatedUnion('name', [islandsOptions])
  .default(islandsOptions.parse({ name: 'islands' }));

export type StrategyConfig = z.output<typeof strategyConfigSchema>;

export const strategyNames = (): string[] => STRATEGIES.map((s) => s.schema.shape.name.value);

export function createStrategy(config: StrategyConfig): Strategy {
  const entry = STRATEGIES.find((s) => s.schema.shape.name.value === config.name);
  if (!entry) throw new Error(`unknown strategy "${config.name}"; known: ${strategyNames().join(', ')}`);
  return entry.create(config);
}
