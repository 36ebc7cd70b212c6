import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { relative, sep } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { projectPath } from './project-root.js';

/**
 * Validators precompiled at build time (validators-build.ts, run by `npm run build`): compiling a
 * model's schemas with Ajv costs ~0.3 s on every run, loading the generated code a few ms.
 */

/** Where the build writes the validator of the schema at repository-relative `rel`. */
export function precompiledPath(rel: string): string {
  return projectPath('dist', 'validators', rel.replace(/\.json$/, '.cjs'));
}

/** A digest of the schema files a validator was generated from (repository-relative paths). */
export function schemaHash(sources: readonly string[]): string {
  const hash = createHash('sha256');
  for (const rel of sources) hash.update(`${rel}\0${readFileSync(projectPath(rel), 'utf8')}\0`);
  return hash.digest('hex');
}

type Precompiled = ValidateFunction & { sources?: string[]; sourceHash?: string };

/**
 * The precompiled validator of the schema `file`, or undefined when there is none or when a schema
 * it was generated from changed since the build (then the caller compiles the schema as it is now).
 */
export function precompiledValidator(file: string): ValidateFunction | undefined {
  const rel = relative(projectPath(), file).split(sep).join('/');
  if (rel.startsWith('..')) return undefined;
  const path = precompiledPath(rel);
  if (!existsSync(path)) return undefined;
  try {
    const validator = createRequire(import.meta.url)(path) as Precompiled;
    return validator.sources !== undefined && validator.sourceHash === schemaHash(validator.sources) ? validator : undefined;
  } catch {
    return undefined; // a source schema gone or unreadable: the caller reports it when it compiles
  }
}
