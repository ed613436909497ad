import type { Harness } from '../../src/core/task.js';

/**
 * Runs inside the sandbox (shipped as source text: no imports, no outer
 * variables). It only calls `reorder` and passes its rows back: the time the
 * sandbox measures around this call is the program's run time, and the host
 * validates and scores the rows from its own copy of the table.
 */
export const llmSqlHarness: Harness = function (candidate, input) {
  const reorder = candidate.reorder;
  if (typeof reorder !== 'function')
    throw new TypeError('invalid output: the program must export a function reorder(table, options)');
  const { table, options } = input as { table: unknown; options: unknown };
  return (reorder as (t: unknown, o: unknown) => unknown)(table, options);
};
