// The program adrs evolves. Only the code between the EVOLVE-BLOCK markers changes.

// EVOLVE-BLOCK-START
/** How much we want an item: higher is taken first. */
export function priority(value: number, weight: number, capacity: number): number {
  const valueWeight = 1;
  const weightPenalty = 0;
  return valueWeight * value - weightPenalty * weight + 0 * capacity;
}
// EVOLVE-BLOCK-END
