import { buildSync } from 'esbuild';
import type { SandboxEvaluator } from '../core/task.js';

const bundles = new Map<string, string>();

/** Source text of a function expression for the task's harness (bundled modules are cached). */
export function harnessSource(harness: SandboxEvaluator['harness']): string {
  if (typeof harness === 'function') return harness.toString();
  let bundle = bundles.get(harness.module);
  if (!bundle) {
    const out = buildSync({
      entryPoints: [harness.module],
      bundle: true,
      write: false,
      format: 'iife',
      globalName: '__adrsHarnessModule',
      platform: 'neutral',
      target: 'es2022',
      logLevel: 'silent',
    });
    bundle = `(function () {\n${out.outputFiles[0]!.text}\nif (typeof __adrsHarnessModule.harness !== 'function') throw new Error('harness module ${JSON.stringify(harness.module).slice(1, -1)} does not export a function named harness');\nreturn __adrsHarnessModule.harness;\n})()`;
    bundles.set(harness.module, bundle);
  }
  return bundle;
}
