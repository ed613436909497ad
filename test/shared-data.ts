import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { packageRoot } from '../src/core/paths.js';

/** `../shared` beside the project: the real data and the golden numbers. */
export const SHARED = resolve(packageRoot(), '..', 'shared');
export const DATA_ROOT = join(SHARED, 'data');
export const GOLDEN_ROOT = join(SHARED, 'golden');

/**
 * Whether tests that need `../shared/<sub>` can run. On CI (CI=true) missing
 * data is an error, so those tests fail instead of quietly not running; on a
 * user's machine they are skipped with a message.
 */
export function sharedAvailable(sub: string): boolean {
  const path = join(SHARED, sub);
  if (existsSync(path)) return true;
  if (process.env.CI === 'true') throw new Error(`CI=true but ${path} is missing: the real-data tests cannot run`);
  console.warn(`skipping tests that need ${path} (not present on this machine)`);
  return false;
}

export const goldenPath = (name: string): string => join(GOLDEN_ROOT, `${name}.json`);
