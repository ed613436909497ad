// Bookkeeping for a config conversion: which source keys were mapped where,
// and which were not (with the reason). Every leaf of the source is accounted
// for exactly once, so the import report can promise completeness.

import type { z } from 'zod';

export interface Mapped {
  /** Source key path, e.g. `database.num_islands` or `llm.models[1].name`. */
  from: string;
  /** Where it went, e.g. `adrs.yaml strategy.islands`. */
  to: string;
  /** The value written on the adrs side. */
  value: unknown;
}

export interface Unmapped {
  key: string;
  /** The source value (secrets are replaced by a placeholder). */
  value: unknown;
  why: string;
}

export type Tree = Record<string, unknown>;

/** The two files an import writes settings into, as named in the mapping table. */
export const RUN = 'adrs.yaml';
export const TASK = 'adrs-task.yaml';

/** The first thing zod found wrong with a value. */
export const problem = (error: z.ZodError): string => error.issues[0]?.message ?? 'invalid';

export const isTree = (v: unknown): v is Tree => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Shown instead of a secret's value, everywhere. */
export const REDACTED = '(secret, not shown)';

/** Keys holding secrets, and the `${VAR}` form that only names an environment variable. */
const SECRET = /(^|\.)api_key$/;
const SECRET_FIELD = /api_?key|token|secret|password/i;

/** A copy of a nested value with secret-looking fields replaced (for unknown sections shown whole). */
function redactDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactDeep);
  if (!isTree(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      SECRET_FIELD.test(k) && v !== null && !(typeof v === 'string' && VARIABLE.test(v)) ? REDACTED : redactDeep(v),
    ]),
  );
}
export const VARIABLE = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/;

export class Mapper {
  readonly mapped: Mapped[] = [];
  readonly unmapped: Unmapped[] = [];
  private readonly done = new Set<string>();

  /**
   * @param leaves every key path of the source with its value (see `leavesOf`)
   */
  constructor(private readonly leaves: Map<string, unknown>) {}

  keys(): string[] {
    return [...this.leaves.keys()];
  }

  has(path: string): boolean {
    return this.leaves.has(path);
  }

  get(path: string): unknown {
    return this.leaves.get(path);
  }

  /** Records that `from` became `to` (with the value written there). */
  map(from: string, to: string, value: unknown): void {
    this.mapped.push({ from, to, value });
    this.done.add(from);
  }

  /** Records that `from` has no adrs equivalent; a no-op for keys the source does not have. */
  skip(from: string, why: string, value: unknown = this.leaves.get(from)): void {
    if (!this.leaves.has(from) || this.done.has(from)) return;
    // Belt and braces: whatever the caller passed, a literal secret never reaches the report.
    if (SECRET.test(from) && value !== null && !(typeof value === 'string' && VARIABLE.test(value))) value = REDACTED;
    this.unmapped.push({ key: from, value: redactDeep(value), why });
    this.done.add(from);
  }

  /** Marks a key as consumed without a table row (it was folded into another key's row). */
  consume(from: string): void {
    this.done.add(from);
  }

  isDone(path: string): boolean {
    return this.done.has(path);
  }

  /** Every key nobody mapped or skipped: listed as unknown, never an error. */
  finish(why: (key: string) => string): void {
    for (const [key, value] of this.leaves) if (!this.done.has(key)) this.skip(key, why(key), value);
  }
}

/**
 * The key paths of a parsed config: top-level keys, one level into the given
 * sections, and into each element of the given lists of mappings (as
 * `section.list[i].key`). Anything deeper is one leaf with its whole value.
 */
export function leavesOf(raw: Tree, sections: readonly string[], lists: readonly string[]): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(raw)) {
    if (!sections.includes(key) || !isTree(value)) {
      out.set(key, value);
      continue;
    }
    for (const [sub, subValue] of Object.entries(value)) {
      const path = `${key}.${sub}`;
      if (lists.includes(path) && Array.isArray(subValue) && subValue.length > 0 && subValue.every(isTree)) {
        subValue.forEach((item, i) => {
          for (const [field, fieldValue] of Object.entries(item)) out.set(`${path}[${i}].${field}`, fieldValue);
        });
      } else out.set(path, subValue);
    }
  }
  return out;
}
