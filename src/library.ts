import { startRun, resumeRun, type RunOptions, type RunSummary } from './core/run.js';
import type { RunConfigInput } from './core/config.js';
import type { RunEvent, RunListener } from './core/events.js';
import type { Task } from './core/task.js';
import type { Proposer } from './propose/types.js';
import { RunStore } from './store/store.js';

/** One handler per event type, typed by it. */
export type EventHandlers = { [K in RunEvent['type']]?: (event: Extract<RunEvent, { type: K }>) => void };

interface Hooks {
  /** Handlers by event type, e.g. `{ best: (e) => console.log(e.score) }`. */
  on?: EventHandlers;
  /** Called with every event. */
  listeners?: RunListener[];
  /** Propose with this instead of the configured proposer. */
  proposer?: Proposer;
  /** Aborting stops the run cleanly (resumable), like Ctrl-C. */
  signal?: AbortSignal;
}

/** The run config (as in YAML; see README), with a task name, folder, or task object. */
export type EvolveOptions = Omit<RunConfigInput, 'task'> & Hooks & { task: string | Task };

export interface EvolveResult extends RunSummary {
  /** The best program's source. */
  bestSource: string;
}

/** Starts an evolution run and resolves when it ends. */
export async function evolve(options: EvolveOptions): Promise<EvolveResult> {
  const { on, listeners, proposer, signal, task, ...config } = options;
  const raw = { ...config, task: typeof task === 'string' ? task : task.name } as Record<string, unknown>;
  const runOptions = hooks({ on, listeners, proposer, signal }, typeof task === 'string' ? undefined : task);
  return withSource(await startRun(raw, runOptions));
}

/** Continues a run (e.g. with a larger budget); runs of a task object need that object again. */
export async function resume(
  runDir: string,
  options: Hooks & { task?: Task; overrides?: Partial<RunConfigInput> } = {},
): Promise<EvolveResult> {
  const { task, overrides, ...rest } = options;
  return withSource(await resumeRun(runDir, overrides ?? {}, hooks(rest, task)));
}

function hooks(h: Hooks, task: Task | undefined): RunOptions {
  const all: RunListener[] = [...(h.listeners ?? [])];
  if (h.on) {
    const handlers = h.on as Record<string, ((event: RunEvent) => void) | undefined>;
    all.push((event) => handlers[event.type]?.(event));
  }
  return {
    listeners: all,
    ...(h.proposer ? { proposer: h.proposer } : {}),
    ...(task ? { task } : {}),
    ...(h.signal
      ? {
          onController: (controller) => {
            const stop = (): void => controller.stop('interrupted: aborted by the caller; resume continues');
            if (h.signal!.aborted) stop();
            else h.signal!.addEventListener('abort', stop, { once: true });
          },
        }
      : {}),
  };
}

function withSource(summary: RunSummary): EvolveResult {
  const store = RunStore.open(summary.run, { readonly: true });
  try {
    return { ...summary, bestSource: store.getProgram(summary.best.programId)!.source };
  } finally {
    store.close();
  }
}
