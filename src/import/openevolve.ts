// `adrs import openevolve`: turns an OpenEvolve example (config.yaml, the
// initial program, evaluator.py) into an adrs task folder plus a run config.
// This module is pure: files in, files out. openevolve-files.ts does the disk.

import { parse as parseYaml, stringify, YAMLParseError } from 'yaml';
import { parseRunConfig } from '../core/config.js';
import { isTree, type Mapped, type Tree, type Unmapped } from './mapper.js';
import { mapOpenEvolveConfig } from './openevolve-map.js';
import { importReport } from './openevolve-report.js';

export interface SourceFile {
  /** Path relative to the example folder (or the file's own name when it lives elsewhere). */
  name: string;
  text: string;
}

export interface OpenEvolveFiles {
  /** The example folder's name: the task's name. */
  name: string;
  /** config.yaml, when the example has one (without it OpenEvolve uses its defaults). */
  config?: SourceFile;
  program: SourceFile;
  evaluator: SourceFile;
  /** Every other file of the example (relative paths), copied next to the task. */
  others: string[];
}

export interface ConvertOptions {
  /** The output folder, for the commands shown in IMPORT.md. */
  taskPath: string;
  /** The offline mutator proposes even if the config names models. */
  offline?: boolean;
  /** Shown in IMPORT.md, e.g. `examples/circle_packing`. */
  source?: string;
}

export interface Conversion {
  /** adrs-task.yaml as an object. */
  task: Tree;
  /** adrs.yaml as an object. */
  runConfig: Tree;
  /** Files to write into the output folder (generated, plus the program and the evaluator). */
  files: SourceFile[];
  /** Other files of the example, copied unchanged (relative paths). */
  copied: string[];
  mapped: Mapped[];
  unmapped: Unmapped[];
  notes: string[];
}

export class ImportError extends Error {
  override name = 'ImportError';
}

/** Names adrs writes into the output folder; an example's own file of that name is not copied. */
export const GENERATED = ['adrs-task.yaml', 'adrs.yaml', 'IMPORT.md', 'prompts/system.md'];

/** The parsed config; a YAML error names the file, line and column. */
export function parseOpenEvolveConfig(file: SourceFile): Tree {
  let value: unknown;
  try {
    value = parseYaml(file.text);
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const pos = error.linePos?.[0];
      throw new ImportError(
        `${file.name}${pos ? `:${pos.line}:${pos.col}` : ''}: malformed YAML: ${error.message.split('\n')[0]}`,
      );
    }
    throw error;
  }
  if (value === null || value === undefined) return {};
  if (!isTree(value)) throw new ImportError(`${file.name}: the top level must be a mapping of OpenEvolve options`);
  return value;
}

/** A task name adrs accepts, from the example folder's name. */
const taskName = (name: string): string => name.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'openevolve-task';

/** Whether evaluator.py defines a function (at the top level, sync or async). */
const defines = (source: string, fn: string): boolean =>
  new RegExp(`^(async\\s+)?def\\s+${fn}\\s*\\(`, 'm').test(source);

export function convertOpenEvolve(files: OpenEvolveFiles, options: ConvertOptions): Conversion {
  const raw = files.config ? parseOpenEvolveConfig(files.config) : {};
  if (!defines(files.evaluator.text, 'evaluate') && !defines(files.evaluator.text, 'evaluate_stage1'))
    throw new ImportError(`${files.evaluator.name} defines no evaluate(program_path) function`);
  const mapped = mapOpenEvolveConfig(raw, {
    offline: options.offline ?? false,
    hasStage1: defines(files.evaluator.text, 'evaluate_stage1'),
    programName: files.program.name,
  });
  const notes = [...mapped.notes];
  if (!files.config) notes.unshift("no config file: every setting is adrs's default, with the openevolve strategy");
  if (!/EVOLVE-BLOCK-START/.test(files.program.text))
    notes.push(`${files.program.name} has no EVOLVE-BLOCK-START/END markers: the whole program may change`);

  const description =
    mapped.systemMessage ??
    `Improve ${files.program.name}. ${files.evaluator.name} scores it (combined_score, higher is better).`;
  const task: Tree = {
    name: taskName(files.name),
    description,
    ...(mapped.language ? { language: mapped.language } : {}),
    initialProgram: files.program.name,
    evaluator: { openevolve: files.evaluator.name, ...mapped.evaluator },
  };
  // Keys in the README's order, so the file reads like the documented example.
  const order = ['seed', 'budget', 'stop', 'pipeline', 'strategy', 'proposer'];
  // Paths in a config file are relative to it: the task is the folder adrs.yaml sits in.
  const runConfig: Tree = { task: '.' };
  for (const key of order) if (mapped.run[key] !== undefined) runConfig[key] = mapped.run[key];
  // The mapping only writes values adrs's schema accepts; a failure here is a bug in the importer.
  parseRunConfig(runConfig, 'the generated adrs.yaml');

  const header = (what: string) =>
    `# ${what}, written by \`adrs import openevolve\`${options.source ? ` from ${options.source}` : ''}.\n# IMPORT.md says where each OpenEvolve setting went.\n`;
  const out: SourceFile[] = [
    { name: 'adrs-task.yaml', text: header('An adrs task') + stringify(task, { lineWidth: 0 }) },
    { name: 'adrs.yaml', text: header('The run config') + stringify(runConfig, { lineWidth: 0 }) },
    { name: 'prompts/system.md', text: systemTemplate(files.evaluator.name) },
    { name: files.program.name, text: files.program.text },
    { name: files.evaluator.name, text: files.evaluator.text },
  ];
  const taken = new Set([...GENERATED, files.program.name, files.evaluator.name, files.config?.name]);
  // Other OpenEvolve configs (phase 2, a different model...) may hold an API key: they stay behind.
  const otherConfigs = files.others.filter((f) => !taken.has(f) && /(^|\/)config[^/]*\.ya?ml$/.test(f));
  if (otherConfigs.length)
    notes.push(`not copied (other OpenEvolve configs, which may hold keys): ${otherConfigs.join(', ')}`);
  const copied = files.others.filter((f) => !taken.has(f) && !otherConfigs.includes(f));
  const conversion: Conversion = {
    task,
    runConfig,
    files: out,
    copied,
    mapped: mapped.mapper.mapped,
    unmapped: mapped.mapper.unmapped,
    notes,
  };
  out.push({
    name: 'IMPORT.md',
    text: importReport(conversion, { ...options, llm: mapped.llm, config: files.config?.name }),
  });
  return conversion;
}

/**
 * The system prompt of an imported task. adrs's built-in one describes its
 * TypeScript sandbox; an OpenEvolve program runs as ordinary Python under its
 * own evaluator, and OpenEvolve's system_message (the task description) already
 * says what the model is and what to do.
 */
function systemTemplate(evaluator: string): string {
  return `{{task}}

Your programs are scored by ${evaluator} (its combined_score; higher is better). Only the code between
EVOLVE-BLOCK-START and EVOLVE-BLOCK-END may change; everything else must stay exactly as it is.
`;
}
