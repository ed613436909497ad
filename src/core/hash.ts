import { createHash } from 'node:crypto';

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Whitespace-insensitive identity of a program: line endings and trailing spaces ignored. */
export function programHash(source: string): string {
  const normal = source
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n')
    .trim();
  return sha256(normal);
}
