import { readFileSync, readdirSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { createRequire } from 'node:module';
import type { Ajv, ErrorObject, Options, ValidateFunction } from 'ajv';
import { projectPath } from './project-root.js';
import { precompiledValidator } from './precompiled.js';

/**
 * A configuration file that does not satisfy its schema or an invariant the schema cannot express.
 * The message is one line, `<what>: <field>: <problem>`, so a CLI can print it as is.
 */
export class ValidationError extends Error {
  override readonly name = 'ValidationError';

  constructor(
    /** The file (or other origin) being validated, as the caller named it. */
    readonly what: string,
    /** Dotted path of the failing field; '' for the document itself. */
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${what}: ${field === '' ? '(document)' : field}: ${problem}`);
  }
}

/**
 * The Ajv options of the project, at run time and in the validators precompiled at build time
 * (validators-build.ts): Ajv's default strict mode (unknown keywords are errors; strictRequired stays
 * off so if/then can require a property declared beside it). `verbose` keeps the offending value on
 * each error so messages can quote it.
 */
export const AJV_OPTIONS = { allowUnionTypes: true, verbose: true } as const;

/** Schemas shared by several documents (models/*.schema.json) are referenced by `$id`. */
const SHARED_SCHEMA_DIR = 'models';

/** The repository-relative paths of the shared schemas, sorted. */
export function sharedSchemaFiles(): string[] {
  return readdirSync(projectPath(SHARED_SCHEMA_DIR))
    .filter((n) => n.endsWith('.schema.json'))
    .sort()
    .map((n) => `${SHARED_SCHEMA_DIR}/${n}`);
}

/** An Ajv instance holding the shared schemas, so schemas compiled by it can `$ref` them by `$id`. */
export function ajvWithSharedSchemas(options: Options = {}): Ajv {
  // Loaded on first use: a run whose validators are all precompiled never needs Ajv itself.
  const { Ajv } = createRequire(import.meta.url)('ajv') as typeof import('ajv');
  const instance = new Ajv({ ...AJV_OPTIONS, ...options });
  for (const f of sharedSchemaFiles()) {
    const schema = readJsonFile(projectPath(f)) as { $id?: string };
    if (schema.$id && !instance.getSchema(schema.$id)) instance.addSchema(schema);
  }
  return instance;
}

let ajv: Ajv | undefined;
const compiled = new Map<string, ValidateFunction>();

function schemaFile(schemaPath: string): string {
  return isAbsolute(schemaPath) ? schemaPath : projectPath(schemaPath);
}

/** Compiles a schema in this process: ~0.3 s for a model's schemas, so only when no fresh precompiled one exists. */
export function compileSchemaFile(instance: Ajv, file: string): ValidateFunction {
  const schema = readJsonFile(file, file) as { $id?: string };
  // Shared schemas are already registered under their $id; compiling them again would clash.
  return (schema.$id !== undefined ? instance.getSchema(schema.$id) : undefined) ?? instance.compile(schema);
}

function compiledValidator(schemaPath: string): ValidateFunction {
  const file = schemaFile(schemaPath);
  let validator = compiled.get(file);
  if (validator === undefined) {
    validator = precompiledValidator(file) ?? compileSchemaFile((ajv ??= ajvWithSharedSchemas()), file);
    compiled.set(file, validator);
  }
  return validator;
}

/**
 * Validates `data` against the JSON Schema at `schemaPath` (absolute, or relative to the repository
 * root) and returns it typed as `T`. Throws a ValidationError naming `what` and the failing field.
 */
export function validate<T>(schemaPath: string, data: unknown, what: string): T {
  const validator = compiledValidator(schemaPath);
  if (!validator(data)) {
    const { field, problem } = describeErrors(validator.errors ?? []);
    throw new ValidationError(what, field, problem);
  }
  return data as T;
}

/** Reads and parses a JSON file; unreadable or malformed files become a ValidationError. */
export function readJsonFile(file: string, what: string = file): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ValidationError(what, '', `cannot read file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  // A byte-order mark is not JSON, but editors on Windows write one: it says nothing about the content.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let doc: unknown;
  try {
    doc = JSON.parse(text) as unknown;
  } catch (err) {
    // V8's message may quote the text, newlines and all: keep it to one short line.
    const message = (err as Error).message.replace(/\s+/g, ' ');
    throw new ValidationError(what, '', `invalid JSON (${message.length > 100 ? `${message.slice(0, 97)}...` : message})`);
  }
  const depth = nestingDepth(doc);
  if (depth > MAX_JSON_DEPTH) throw new ValidationError(what, '', `nested ${depth} levels deep; capsim's files nest at most ${MAX_JSON_DEPTH}`);
  return doc;
}

/** Deeper documents are not capsim's: validating them would recurse past the stack. */
export const MAX_JSON_DEPTH = 64;

/** How deep arrays and objects nest in a parsed document, counted without recursion. */
export function nestingDepth(doc: unknown): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[doc, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > MAX_JSON_DEPTH) return deepest;
    for (const child of Object.values(value)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/** `["network", "baselineGbps"]` → `network.baselineGbps`; odd keys and indices use brackets. */
export function formatFieldPath(segments: readonly (string | number)[]): string {
  let out = '';
  for (const seg of segments) {
    if (typeof seg === 'number' || /^\d+$/.test(seg)) out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function shown(value: unknown): string {
  // JSON would print NaN and Infinity as null: name them as they are.
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function describeOne(e: ErrorObject): { segments: string[]; problem: string } {
  const segments = pointerSegments(e.instancePath);
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return { segments: [...segments, String(params['missingProperty'])], problem: 'required field is missing' };
    case 'additionalProperties':
      return {
        segments: [...segments, String(params['additionalProperty'])],
        problem: 'unknown field (not allowed by the schema)',
      };
    case 'enum':
      return {
        segments,
        problem: `must be one of ${(params['allowedValues'] as unknown[]).map(shown).join(', ')}, got ${shown(e.data)}`,
      };
    case 'const':
      return { segments, problem: `must be ${shown(params['allowedValue'])}, got ${shown(e.data)}` };
    default:
      return { segments, problem: `${e.message ?? e.keyword}, got ${shown(e.data)}` };
  }
}

/**
 * Ajv stops at the first failing keyword (allErrors is off), but a failing anyOf/oneOf is reported
 * after the errors of each of its branches. Report the deepest branch error when one reaches below
 * the anyOf's own value (it names the real field); otherwise list the alternatives.
 */
function describeErrors(errors: readonly ErrorObject[]): { field: string; problem: string } {
  const last = errors[errors.length - 1];
  if (last === undefined) return { field: '', problem: 'does not match the schema' };
  if (last.keyword === 'anyOf' || last.keyword === 'oneOf') {
    // Validation stopped at this keyword, so every error before it is one of its branches' (a
    // branch given by $ref has its errors under the referenced schema's path, not the anyOf's).
    const branches = errors.slice(0, -1);
    const deeper = branches.filter((e) => e.instancePath.length > last.instancePath.length || e.keyword === 'required');
    const deepest = deeper.sort((a, b) => b.instancePath.length - a.instancePath.length)[0];
    if (deepest !== undefined && branches.length > 0) {
      const d = describeOne(deepest);
      return { field: formatFieldPath(d.segments), problem: d.problem };
    }
    const alternatives = [...new Set(branches.map((e) => describeOne(e).problem.replace(/, got .*$/, '')))];
    const problem = alternatives.length > 0 ? `${alternatives.join(' or ')}, got ${shown(last.data)}` : describeOne(last).problem;
    return { field: formatFieldPath(pointerSegments(last.instancePath)), problem };
  }
  const d = describeOne(last);
  return { field: formatFieldPath(d.segments), problem: d.problem };
}
