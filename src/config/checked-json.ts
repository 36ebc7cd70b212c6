import { writeFileSync } from 'node:fs';
import { validate } from './schema.js';

/**
 * The text of a JSON document capsim prints or saves, after checking it against its schema: a
 * document that breaks its own contract fails here, with the field named, not in a reader later.
 */
export function checkedJson(schemaPath: string, doc: unknown, what: string): string {
  validate(schemaPath, doc, what);
  return JSON.stringify(doc, null, 2) + '\n';
}

/** Writes `doc` to `file` once it satisfies its schema; nothing is written otherwise. */
export function writeCheckedJson(file: string, schemaPath: string, doc: unknown, what: string = file): void {
  writeFileSync(file, checkedJson(schemaPath, doc, what));
}
