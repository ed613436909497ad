import type { Task, TaskOptions } from '../src/core/task.js';
import { createPrismTask } from './prism/task.js';

export interface BuiltinTask {
  name: string;
  summary: string;
  create(options: TaskOptions): Task;
}

/** Built-in case studies: one line each. */
export const BUILTIN_TASKS: BuiltinTask[] = [
  { name: 'prism', summary: 'GPU model placement minimising KV-cache pressure', create: createPrismTask },
];
