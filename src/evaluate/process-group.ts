import { spawn } from 'node:child_process';

const MAX_CAPTURE = 4 * 1024 * 1024;

export interface GroupRun {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Runs a shell command in its own process group; on timeout the whole group is killed. */
export function runGroup(command: string, cwd: string, timeoutMs: number, env: NodeJS.ProcessEnv): Promise<GroupRun> {
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', command], { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d: Buffer) => {
      if (stdout.length < MAX_CAPTURE) stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      if (stderr.length < MAX_CAPTURE) stderr += d.toString();
    });
    const kill = (): void => killGroup(child.pid);
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      kill(); // reap anything the evaluator left running in its group
      resolve({ code, stdout, stderr, timedOut });
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: -1, stdout, stderr: stderr + String(error), timedOut });
    });
  });
}

/** The last lines of an evaluator's output, for failure messages. */
export const tail = (s: string): string => s.trim().split('\n').slice(-8).join('\n');

/** Quotes one word for /bin/sh. */
export const shellQuote = (s: string): string => `'${s.replaceAll("'", `'\\''`)}'`;

/** SIGKILLs a detached child's whole process group (its own children too); quiet if it is gone. */
export function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
}
