// IMPORT.md (the mapping table, the unmapped keys with reasons, how to run) and
// the shorter text the CLI prints.

import type { Conversion } from './openevolve.js';

export interface ReportOptions {
  taskPath: string;
  source?: string;
  config?: string;
  /** Whether the run config uses language models. */
  llm: boolean;
}

/** A value in one short line (long ones are cut). */
export function show(value: unknown, max = 60): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function importReport(c: Omit<Conversion, 'files'> & { files?: unknown }, o: ReportOptions): string {
  const lines = [
    '# Imported from OpenEvolve',
    '',
    `Source: ${o.source ?? 'an OpenEvolve example'}${o.config ? ` (config: ${o.config})` : ' (no config file)'}.`,
    '',
    'Files: `adrs-task.yaml` (the task: problem statement, initial program, evaluator), `adrs.yaml` (the run',
    'config), `prompts/system.md` (the system prompt), the initial program and the evaluator unchanged' +
      (c.copied.length ? `, and the example's other files (${c.copied.map((f) => `\`${f}\``).join(', ')}).` : '.'),
    '',
    '## Run it',
    '',
    '```sh',
    `adrs run -c ${o.taskPath}/adrs.yaml`,
    `adrs run -c ${o.taskPath}/adrs.yaml --iterations 20   # a short try`,
    '```',
    '',
    o.llm
      ? 'The models are called through their OpenAI-compatible endpoints; the API key is read from the environment variable named by `apiKeyEnv` (OPENAI_API_KEY unless the config said `${VAR}`), never from a file. Without a key, `adrs run ' +
        o.taskPath +
        "` (no `-c`) runs the offline mutator with adrs's default settings."
      : 'The offline mutator proposes the changes (no model, no key).',
    '',
    "Keys absent from the OpenEvolve config take adrs's defaults, not OpenEvolve's (see the README and docs/strategies.md).",
    '',
    '## Mapped',
    '',
    '| OpenEvolve key | adrs | value |',
    '| --- | --- | --- |',
    ...c.mapped.map((r) => `| \`${r.from}\` | ${cell(r.to)} | ${cell(show(r.value))} |`),
    '',
    '## Not mapped',
    '',
    c.unmapped.length ? '| OpenEvolve key | value | why |' : 'Every key was mapped.',
    ...(c.unmapped.length ? ['| --- | --- | --- |'] : []),
    ...c.unmapped.map((r) => `| \`${r.key}\` | ${cell(show(r.value))} | ${cell(r.why)} |`),
  ];
  if (c.notes.length) lines.push('', '## Notes', '', ...c.notes.map((n) => `- ${n}`));
  return `${lines.join('\n')}\n`;
}

/** What the CLI prints: where things went, and every key that was not mapped. */
export function summaryText(c: Conversion, outDir: string): string {
  const lines = [
    `imported into ${outDir}: ${c.mapped.length} keys mapped, ${c.unmapped.length} not mapped (details in IMPORT.md)`,
  ];
  if (c.unmapped.length) {
    lines.push('', 'not mapped:');
    for (const r of c.unmapped) lines.push(`  ${r.key} = ${show(r.value, 40)}: ${r.why}`);
  }
  if (c.notes.length) lines.push('', 'notes:', ...c.notes.map((n) => `  ${n}`));
  lines.push('', `run it: adrs run ${outDir} -c ${outDir}/adrs.yaml`);
  return `${lines.join('\n')}\n`;
}
