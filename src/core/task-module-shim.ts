// What `import { defineTask } from 'adrs'` resolves to inside a task module
// (adrs.task.ts) when adrs loads that module: the definition is returned as
// is and checked by the loader, so the module needs none of adrs' runtime.
export function defineTask<D>(definition: D): D {
  return definition;
}
