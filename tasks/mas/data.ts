// ProgramDev tasks (the programs the multi-agent team is asked to write) and
// the MAST taxonomy text the judge prompt embeds. Real data: the shared
// `programdev/` and `taxonomy/` folders; without them, a seeded generator of
// tasks of the same shape (and the judge prompt falls back to short gists).

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PyRandom } from '../../src/core/cpython-random.js';

export interface ProgramDevTask {
  /** The file index i of names_<i>.txt (a string, as in the reference's listing). */
  index: string;
  name: string;
  description: string;
}

export interface Taxonomy {
  definitions: string;
  examples: string;
}

/** The leaderboard's sample: Python `random.seed(42); random.sample(tasks, 6)`. */
export const SAMPLE_SEED = 42;
export const SAMPLE_SIZE = 6;
export const SYNTHETIC_TASKS = 30;

/** Tasks in the reference's load order: file names sorted as strings (names_0, names_1, names_10, ...). */
export function loadProgramDev(dir: string): ProgramDevTask[] {
  const folder = join(dir, 'programdev');
  if (!existsSync(folder))
    throw new Error(`${folder} does not exist (expected names_<i>.txt and descriptions_<i>.txt)`);
  const files = readdirSync(folder)
    .filter((f) => /^names_\d+\.txt$/.test(f))
    .sort();
  if (files.length === 0) throw new Error(`${folder} holds no names_<i>.txt files`);
  const tasks: ProgramDevTask[] = [];
  for (const file of files) {
    const index = /^names_(\d+)\.txt$/.exec(file)![1]!;
    const descFile = join(folder, `descriptions_${index}.txt`);
    if (!existsSync(descFile)) throw new Error(`${descFile} is missing (${file} has no description)`);
    const name = readFileSync(join(folder, file), 'utf8').trim();
    const description = readFileSync(descFile, 'utf8').trim();
    // The reference skips tasks whose name or description is empty.
    if (name && description) tasks.push({ index, name, description });
  }
  return tasks;
}

export function loadTaxonomy(dir: string): Taxonomy | undefined {
  const folder = join(dir, 'taxonomy');
  const defs = join(folder, 'definitions.txt');
  const examples = join(folder, 'examples.txt');
  if (!existsSync(defs) || !existsSync(examples)) return undefined;
  return { definitions: readFileSync(defs, 'utf8'), examples: readFileSync(examples, 'utf8') };
}

/** The fixed leaderboard sample, in sample order. */
export function sampleTasks(tasks: readonly ProgramDevTask[], k = SAMPLE_SIZE): ProgramDevTask[] {
  const rng = new PyRandom(SAMPLE_SEED);
  // CPython draws k = 1 (the cascade's stage 1) with its set method: one randbelow(n).
  if (k === 1 && tasks.length > 21) return [tasks[rng.randbelow(tasks.length)]!];
  return rng.sample(tasks, k);
}

const SUBJECTS = [
  ['Battleship', 'a Battleship game on a 10x10 grid with ships placed at random'],
  ['Hangman', 'a Hangman word game with a fixed word list'],
  ['UnitConverter', 'a unit converter for length, mass and temperature'],
  ['TodoList', 'a command-line to-do list with priorities and due dates'],
  ['Maze', 'a maze generator and solver for rectangular grids'],
  ['Blackjack', 'a Blackjack card game against a dealer who stands on 17'],
  ['Calculator', 'an expression calculator with parentheses and operator precedence'],
  ['LifeGame', "Conway's Game of Life on a wrapping grid"],
  ['Inventory', 'a shop inventory tracker with restocking alerts'],
  ['Nonogram', 'a Nonogram puzzle with row and column clues'],
  ['QuizMaker', 'a quiz program that loads questions and keeps score'],
  ['Sokoban', 'a Sokoban puzzle with boxes, goals and walls'],
] as const;
const DETAILS = [
  'Read the player input from the terminal and validate every entry.',
  'Show the full state after every move as plain text.',
  'Keep a running score and print it at the end.',
  'Offer a help command that lists the available actions.',
  'Let the user undo the last action.',
  'Save and load the current state to a file.',
  'Reject invalid moves with a short explanation.',
  'Support two difficulty levels that change the rules slightly.',
] as const;

/**
 * Made-up tasks of the same shape as ProgramDev: a CamelCase name and a one-
 * paragraph description of 1 to 5 requirement sentences (about 60 to 600 characters).
 */
export function generateTasks(seed: number, count = SYNTHETIC_TASKS): ProgramDevTask[] {
  const rng = new PyRandom(seed);
  const tasks: ProgramDevTask[] = [];
  for (let i = 0; i < count; i++) {
    const [base, what] = rng.choice(SUBJECTS);
    const details = rng.sample(DETAILS, rng.randint(0, 5));
    const opening = details.length === 0 ? `write ${what}` : `Develop ${what}.`;
    tasks.push({
      index: String(i),
      name: `${base}${i}`,
      description: [opening, ...details].join(' '),
    });
  }
  // The same load order as real files: indices sorted as strings.
  return tasks.sort((a, b) => (`names_${a.index}.txt` < `names_${b.index}.txt` ? -1 : 1));
}
