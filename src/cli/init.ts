import type { Command } from 'commander';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { packageRoot } from '../core/paths.js';

const LANGUAGES = {
  ts: 'TypeScript, sandboxed',
  py: 'Python, OpenEvolve-style evaluator',
  any: 'any language, command evaluator',
};

interface InitFlags {
  language: string;
  name?: string;
  force?: boolean;
}

/** Writes a working task skeleton; returns the files written (relative to `dir`). */
export function initTask(dir: string, language: string, name?: string, force = false): string[] {
  if (!(language in LANGUAGES))
    throw new Error(`--language must be one of ${Object.keys(LANGUAGES).join(', ')}, not "${language}"`);
  const target = resolve(dir);
  if (existsSync(target) && readdirSync(target).length > 0 && !force)
    throw new Error(`${target} is not empty; use --force to write the skeleton into it anyway`);
  const taskName = name ?? (basename(target).replace(/[^\w.-]+/g, '-') || 'my-task');
  if (!/^[\w.-]+$/.test(taskName)) throw new Error(`--name "${taskName}": use letters, digits, ".", "_" or "-"`);
  const template = join(packageRoot(), 'templates', 'init', language);
  cpSync(template, target, { recursive: true, force: true });
  const written = listFiles(template);
  for (const file of written) {
    const path = join(target, file);
    const text = readFileSync(path, 'utf8');
    if (text.includes('{{name}}')) writeFileSync(path, text.replaceAll('{{name}}', taskName));
  }
  return written;
}

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(join(dir, e.name), join(prefix, e.name)) : [join(prefix, e.name)],
  );
}

export function registerInit(program: Command): void {
  program
    .command('init')
    .description('write a task skeleton that `adrs run <dir>` runs at once')
    .argument('<dir>', 'folder to create')
    .option(
      '--language <ts|py|any>',
      Object.entries(LANGUAGES)
        .map(([k, v]) => `${k}: ${v}`)
        .join('; '),
      'ts',
    )
    .option('--name <name>', 'task name (default: the folder name)')
    .option('--force', 'write into a folder that is not empty')
    .action((dir: string, flags: InitFlags) => {
      const files = initTask(dir, flags.language, flags.name, flags.force);
      const shown = relative(process.cwd(), resolve(dir)) || '.';
      process.stdout.write(
        `wrote ${files.length} files to ${shown}: ${files.sort().join(', ')}\n` +
          `next: npx adrs run ${shown} --iterations 100   (see ${join(shown, 'README.md')})\n`,
      );
    });
}
