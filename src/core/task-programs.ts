import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from './paths.js';
import type { TaskProgram } from './task.js';

/** Reads a built-in task's reference programs, shipped as text in `tasks/<case>/programs/`. */
export function programReader(caseName: string): (name: string, file: string, description: string) => TaskProgram {
  const dir = join(packageRoot(), 'tasks', caseName, 'programs');
  return (name, file, description) => ({ name, description, source: readFileSync(join(dir, file), 'utf8') });
}
