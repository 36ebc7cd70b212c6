import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from './usage-error.js';

/** The nearest existing directory at or above `dir`. */
function existingAncestor(dir: string): string {
  let d = resolve(dir);
  for (;;) {
    try {
      if (statSync(d).isDirectory()) return d;
      throw new UsageError(`${d} is a file, not a directory`);
    } catch (err) {
      if (err instanceof UsageError) throw err;
      const parent = dirname(d);
      if (parent === d) return d;
      d = parent;
    }
  }
}

function writableDir(flag: string, dir: string, what: string): void {
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new UsageError(`--${flag}: cannot write ${what} ${dir}`);
  }
}

/**
 * A file the command will write: checked before anything is simulated, so a typo in the path costs
 * nothing. Its folder must exist and be writable, and the path must not be a folder.
 */
export function outputFile(flag: string, file: unknown): string {
  if (typeof file !== 'string' || file.trim() === '') throw new UsageError(`--${flag} needs a file name, got ${JSON.stringify(file ?? '')}`);
  let stat;
  try {
    stat = statSync(file);
  } catch {
    stat = undefined;
  }
  if (stat?.isDirectory()) throw new UsageError(`--${flag}: ${file} is a folder; name a file`);
  const dir = dirname(resolve(file));
  let dirStat;
  try {
    dirStat = statSync(dir);
  } catch {
    throw new UsageError(`--${flag}: the folder ${dirname(file)} does not exist`);
  }
  if (!dirStat.isDirectory()) throw new UsageError(`--${flag}: ${dirname(file)} is not a folder`);
  writableDir(flag, stat ? file : dir, stat ? 'the file' : 'into the folder');
  return file;
}

/** A folder the command will write into (created if missing): it, or the nearest folder above it, must be writable. */
export function outputDir(flag: string, dir: unknown): string {
  if (typeof dir !== 'string' || dir.trim() === '') throw new UsageError(`--${flag} needs a folder, got ${JSON.stringify(dir ?? '')}`);
  let base: string;
  try {
    base = existingAncestor(dir);
  } catch (err) {
    throw new UsageError(`--${flag}: ${err instanceof Error ? err.message : String(err)}`);
  }
  writableDir(flag, base, 'into the folder');
  return dir;
}
