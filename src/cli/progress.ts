import { formatDuration } from '../core/duration.js';
import type { RunEvent, RunListener } from '../core/events.js';
import type { RunSummary } from '../core/run.js';

const fmt = (x: number | null | undefined): string => (x === null || x === undefined ? '—' : x.toFixed(2));

/** A live status line on a terminal, with a log line for each new best and each failure kind. */
export function terminalProgress(out: NodeJS.WriteStream): RunListener {
  let line = '';
  const failuresSeen = new Set<string>();
  const clear = (): void => {
    if (line) out.write('\r\u001b[2K');
  };
  const print = (text: string): void => {
    clear();
    out.write(`${text}\n`);
    if (line) out.write(line);
  };
  return (e: RunEvent) => {
    switch (e.type) {
      case 'start':
        print(
          `${e.resumed ? 'Resuming' : 'Starting'} ${e.task} in ${e.run} (${e.workers} evaluation workers; ${e.dataSource})`,
        );
        if (e.budgetNote) print(`  ${e.budgetNote}`);
        break;
      case 'best':
        print(`  new best ${fmt(e.score)} at iteration ${e.iteration} (${e.programId})`);
        break;
      case 'evaluated':
        if (e.failure && !failuresSeen.has(e.failure.kind)) {
          failuresSeen.add(e.failure.kind);
          print(`  first ${e.failure.kind} failure at iteration ${e.iteration}: ${e.failure.message.slice(0, 140)}`);
        }
        break;
      case 'progress':
        clear();
        line = `  iteration ${e.iterations} | ${e.evaluations} evaluations (${e.evalsPerSecond.toFixed(1)}/s) | best ${fmt(e.best)} | $${e.costUsd.toFixed(2)} | ${formatDuration(e.elapsedMs)}`;
        out.write(line);
        break;
      case 'stop':
        print(`Stopping: ${e.reason}; finishing the evaluations in flight`);
        break;
      case 'final':
        clear();
        line = '';
        print(`  ${e.label} on ${e.split}: ${e.valid ? fmt(e.score) : 'invalid'}`);
        break;
      case 'rejected':
        break;
    }
  };
}

/** One JSON object per event (not the per-iteration progress ticks). */
export function jsonLines(out: NodeJS.WritableStream): RunListener {
  return (e) => {
    if (e.type !== 'progress') out.write(`${JSON.stringify(e)}\n`);
  };
}

export function summaryText(s: RunSummary): string {
  const rows: [string, { train: number | null; test: number | null }][] = [['seed', s.seed]];
  if (s.humanSota) rows.push(['human SOTA', s.humanSota]);
  rows.push([`best (${s.best.programId})`, s.best]);
  const w = Math.max(...rows.map(([n]) => n.length)) + 2;
  const table = rows.map(([n, p]) => `  ${n.padEnd(w)}${fmt(p.train).padStart(8)}${fmt(p.test).padStart(10)}`);
  const improvement = (split: 'train' | 'test'): string => {
    const pct = s.improvementPct[split];
    const diff = (s.best[split] ?? NaN) - (s.seed[split] ?? NaN);
    if (Number.isNaN(diff)) return `${split}: —`;
    return `${split}: ${diff >= 0 ? '+' : ''}${diff.toFixed(2)} points${pct === null ? '' : ` (${pct >= 0 ? '+' : ''}${pct.toFixed(1)}%)`}`;
  };
  const verdict =
    s.best.test !== null && s.seed.test !== null
      ? s.best.test > s.seed.test
        ? 'The best program beats the seed on the held-out test split.'
        : 'The best program does not beat the seed on the held-out test split.'
      : 'Test split not scored.';
  const vsHuman =
    s.humanSota?.test != null && s.best.test !== null
      ? ` Human SOTA scores ${fmt(s.humanSota.test)} on test; best is ${s.best.test >= s.humanSota.test ? 'at or above' : 'below'} it.`
      : '';
  return [
    ``,
    `Run ${s.run} ${s.status}${s.stopReason ? `: ${s.stopReason}` : ''}`,
    `Task ${s.task} (${s.dataSource})`,
    ``,
    `  ${'score'.padEnd(w)}${'train'.padStart(8)}${'test'.padStart(10)}`,
    ...table,
    ``,
    `Improvement over the seed: ${improvement('train')}; ${improvement('test')}`,
    `${verdict}${vsHuman}`,
    `${s.evaluations} evaluations over ${s.iterations} iterations in ${formatDuration(s.wallTimeMs)}; cost $${s.costUsd.toFixed(2)}`,
    `Best program and its diff: adrs best ${s.run}`,
  ].join('\n');
}
