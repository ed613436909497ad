import { transformSync } from 'esbuild';
import type { Failure } from '../core/types.js';

/**
 * TypeScript candidate -> a script that defines the global `__candidate`
 * holding the module's exports. Imports become `require(...)` calls, which the
 * sandbox reports as forbidden at run time.
 */
export function transpileCandidate(source: string): { js: string } | { failure: Failure } {
  try {
    const out = transformSync(source, {
      loader: 'ts',
      format: 'iife',
      globalName: '__candidate',
      target: 'es2022',
      sourcefile: 'candidate.ts',
      logLevel: 'silent',
    });
    return { js: out.code };
  } catch (error) {
    const errors = (error as { errors?: { text: string; location?: { line: number; column: number } }[] }).errors;
    const message = errors?.length
      ? errors
          .slice(0, 5)
          .map((e) => (e.location ? `line ${e.location.line}:${e.location.column}: ${e.text}` : e.text))
          .join('; ')
      : String(error);
    return { failure: { kind: 'compile', message } };
  }
}
