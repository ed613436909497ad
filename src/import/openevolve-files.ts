// The disk side of `adrs import openevolve`: finds the example's files by
// OpenEvolve's conventions, converts them, and writes the output folder.

import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import {
  convertOpenEvolve,
  ImportError,
  parseOpenEvolveConfig,
  type Conversion,
  type SourceFile,
} from './openevolve.js';

export interface ImportOptions {
  /** Output folder; default `<dir>-adrs` next to the example. */
  out?: string;
  /** Write into an existing, non-empty output folder. */
  force?: boolean;
  offline?: boolean;
  /** Overrides of OpenEvolve's file names (paths relative to the working directory). */
  program?: string;
  evaluator?: string;
  config?: string;
}

export interface ImportOutcome {
  outDir: string;
  conversion: Conversion;
}

/** Folders never copied: version control, caches, virtual environments, OpenEvolve's own output. */
const SKIP_DIR = /^(\..*|__pycache__|node_modules|venv|env|openevolve_output.*)$/;
const SKIP_FILE = /^\.|\.pyc$/;

/** Every file under `dir` (relative paths, sorted), minus caches, hidden files and `exclude`. */
export function listFiles(dir: string, exclude?: string): string[] {
  const out: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!SKIP_DIR.test(entry.name) && full !== exclude) walk(full);
      } else if (entry.isFile() && !SKIP_FILE.test(entry.name)) out.push(relative(dir, full).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

const read = (path: string, dir: string): SourceFile => {
  const rel = relative(dir, path);
  // A file outside the example keeps only its name in the task folder.
  const name = rel.startsWith('..') || resolve(rel) === rel ? basename(path) : rel.split(sep).join('/');
  return { name, text: readFileSync(path, 'utf8') };
};

/** The file a --flag names (it must exist), else the first convention that exists. */
function pick(flag: string | undefined, what: string, candidates: string[]): string | undefined {
  if (flag !== undefined) {
    const path = resolve(flag);
    if (!existsSync(path) || !statSync(path).isFile()) throw new ImportError(`${what} ${path} does not exist`);
    return path;
  }
  return candidates.find((c) => existsSync(c) && statSync(c).isFile());
}

function configFile(dir: string, flag: string | undefined): string | undefined {
  const found = pick(flag, 'the config file', [join(dir, 'config.yaml'), join(dir, 'config.yml')]);
  if (found) return found;
  const configs = readdirSync(dir).filter((f) => /^config.*\.ya?ml$/.test(f));
  if (configs.length > 1)
    throw new ImportError(`${dir} holds several config files (${configs.join(', ')}): choose one with --config`);
  return configs[0] ? join(dir, configs[0]) : undefined;
}

/** Reads an OpenEvolve example the way OpenEvolve's own CLI would be pointed at it. */
export function readOpenEvolveExample(dir: string, options: ImportOptions = {}, exclude?: string) {
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new ImportError(`${root} is not a folder`);
  const configPath = configFile(root, options.config);
  const config = configPath ? read(configPath, root) : undefined;
  const suffix = config ? parseOpenEvolveConfig(config).file_suffix : undefined;
  const ext = typeof suffix === 'string' && suffix ? suffix : '.py';
  const initials = readdirSync(root).filter((f) => f.startsWith('initial_program.'));
  const programPath = pick(options.program, 'the initial program', [
    join(root, `initial_program${ext}`),
    ...(initials.length === 1 ? [join(root, initials[0]!)] : []),
  ]);
  if (!programPath)
    throw new ImportError(
      `no initial program: expected ${join(root, `initial_program${ext}`)} (or name the file with --program)`,
    );
  const evaluatorPath = pick(options.evaluator, 'the evaluator', [join(root, 'evaluator.py')]);
  if (!evaluatorPath)
    throw new ImportError(`no evaluator: expected ${join(root, 'evaluator.py')} (or name the file with --evaluator)`);
  return {
    name: basename(root),
    ...(config ? { config } : {}),
    program: read(programPath, root),
    evaluator: read(evaluatorPath, root),
    others: listFiles(root, exclude),
  };
}

const isEmptyDir = (path: string): boolean => statSync(path).isDirectory() && readdirSync(path).length === 0;

/** Imports `dir` into the output folder; never overwrites without `force`. */
export function importOpenEvolve(dir: string, options: ImportOptions = {}): ImportOutcome {
  const root = resolve(dir);
  const outDir = resolve(options.out ?? `${root.replace(/[/\\]+$/, '')}-adrs`);
  if (outDir === root) throw new ImportError('the output folder must differ from the example folder');
  if (existsSync(outDir) && !isEmptyDir(outDir) && !options.force)
    throw new ImportError(`${outDir} already exists: pass --force to write into it, or --out to choose another folder`);
  const files = readOpenEvolveExample(root, options, outDir);
  const conversion = convertOpenEvolve(files, {
    taskPath: outDir,
    offline: options.offline ?? false,
    source: root,
  });
  mkdirSync(outDir, { recursive: true });
  for (const file of conversion.files) {
    const target = join(outDir, file.name);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.text);
  }
  for (const rel of conversion.copied) {
    const target = join(outDir, rel);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(join(root, rel), target);
  }
  return { outDir, conversion };
}
