import { z } from 'zod';
import { GepaStrategy, gepaOptions } from './gepa.js';
import { IslandsStrategy, islandsOptions } from './islands.js';
import { OpenEvolveStrategy, openevolveOptions } from './openevolve.js';
import { ShinkaStrategy, shinkaOptions } from './shinka.js';
import type { Strategy } from './types.js';

/** Every strategy: its options schema (with a literal `name`) and a constructor. One line each. */
const STRATEGIES = [
  { schema: islandsOptions, create: (o: z.output<typeof islandsOptions>) => new IslandsStrategy(o) },
  { schema: openevolveOptions, create: (o: z.output<typeof openevolveOptions>) => new OpenEvolveStrategy(o) },
  { schema: shinkaOptions, create: (o: z.output<typeof shinkaOptions>) => new ShinkaStrategy(o) },
  { schema: gepaOptions, create: (o: z.output<typeof gepaOptions>) => new GepaStrategy(o) },
] as const;

export const strategyConfigSchema = z
  .discriminatedUnion('name', [islandsOptions, openevolveOptions, shinkaOptions, gepaOptions])
  .default(islandsOptions.parse({ name: 'islands' }));

export type StrategyConfig = z.output<typeof strategyConfigSchema>;

export const strategyNames = (): string[] => STRATEGIES.map((s) => s.schema.shape.name.value);

export function createStrategy(config: StrategyConfig): Strategy {
  const entry = STRATEGIES.find((s) => s.schema.shape.name.value === config.name);
  if (!entry) throw new Error(`unknown strategy "${config.name}"; known: ${strategyNames().join(', ')}`);
  // Each entry's create takes its own options; the name check above makes the cast safe.
  return (entry.create as (o: StrategyConfig) => Strategy)(config);
}
