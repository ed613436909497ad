import { existsSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { RUN_DB, RunStore } from '../store/store.js';

// No leading dot: ".." must never name a run.
const RUN_NAME = /^[\w-][\w.-]*$/;

/**
 * The runs the dashboard serves: the sub-folders of a runs folder that hold a
 * run database (or the folder itself when it is one run). Read-only handles are
 * kept open; writes (hints, control, favourites) open a short-lived writer.
 */
export class RunRegistry {
  readonly root: string;
  private readonly readers = new Map<string, RunStore>();

  constructor(dir: string) {
    this.root = resolve(dir);
  }

  /** Names of the runs, newest folder name last. */
  names(): string[] {
    if (existsSync(join(this.root, RUN_DB))) return [basename(this.root)];
    if (!existsSync(this.root)) return [];
    return readdirSync(this.root, { withFileTypes: true })
      .filter((d) => d.isDirectory() && RUN_NAME.test(d.name) && existsSync(join(this.root, d.name, RUN_DB)))
      .map((d) => d.name)
      .sort();
  }

  dirOf(name: string): string | undefined {
    if (!RUN_NAME.test(name)) return undefined;
    if (existsSync(join(this.root, RUN_DB))) return name === basename(this.root) ? this.root : undefined;
    const dir = join(this.root, name);
    return existsSync(join(dir, RUN_DB)) ? dir : undefined;
  }

  /** A shared read-only handle, or undefined when there is no such run. */
  reader(name: string): RunStore | undefined {
    const cached = this.readers.get(name);
    if (cached?.db.open) return cached;
    const dir = this.dirOf(name);
    if (!dir) return undefined;
    const store = RunStore.open(dir, { readonly: true });
    this.readers.set(name, store);
    return store;
  }

  /** Runs `fn` with a writable handle that is closed straight after (the live run holds its own). */
  write<T>(name: string, fn: (store: RunStore) => T): T | undefined {
    const dir = this.dirOf(name);
    if (!dir) return undefined;
    const store = RunStore.open(dir);
    try {
      return fn(store);
    } finally {
      store.close();
    }
  }

  close(): void {
    for (const store of this.readers.values()) store.close();
    this.readers.clear();
  }
}
