import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, utimesSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { afterAll, describe, expect, it } from 'vitest';
import { projectPath } from '../../src/config/project-root.js';
import { ajvWithSharedSchemas, compileSchemaFile } from '../../src/config/schema.js';
import { precompiledValidator } from '../../src/config/precompiled.js';
import { projectSchemas } from '../../src/config/validators-build.js';

/**
 * The validators precompiled at build time (npm test builds first) must accept and reject exactly
 * what Ajv compiling the schema now does, with the same errors (capsim's messages are made from them).
 */
const schemas = projectSchemas();
const ajv = ajvWithSharedSchemas();
const compiledNow = new Map(schemas.map((rel) => [rel, compileSchemaFile(ajv, projectPath(rel))]));
const precompiled = new Map(schemas.map((rel) => [rel, precompiledValidator(projectPath(rel))]));

/** Every committed JSON document that is not a schema: run records, params, profiles, validation tables. */
function documents(dir: string): string[] {
  return readdirSync(projectPath(dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return documents(rel);
    return e.name.endsWith('.json') && !e.name.endsWith('.schema.json') ? [rel] : [];
  });
}
const docs = ['models', 'calibration', 'test/fixtures'].flatMap(documents).map((f) => JSON.parse(readFileSync(projectPath(f), 'utf8')) as unknown);

const errorsOf = (v: ValidateFunction) => (v.errors ?? []).map((e: ErrorObject) => ({ path: e.instancePath, at: e.schemaPath, keyword: e.keyword, params: e.params, message: e.message, data: e.data }));

function verdict(v: ValidateFunction, doc: unknown) {
  const ok = v(doc);
  return { ok, errors: ok ? [] : errorsOf(v) };
}

/** A copy of `doc` with the value at one path replaced (or the key removed when `value` is undefined). */
function mutated(doc: unknown, pick: number[], value: unknown): unknown {
  const copy = structuredClone(doc);
  let node = copy as Record<string, unknown>;
  for (let depth = 0; depth < pick.length; depth++) {
    const keys = node !== null && typeof node === 'object' ? Object.keys(node) : [];
    if (keys.length === 0) break;
    const key = keys[pick[depth] % keys.length];
    const child = node[key];
    if (depth === pick.length - 1 || child === null || typeof child !== 'object') {
      if (value === undefined && !Array.isArray(node)) delete node[key];
      else node[key] = value ?? null;
      break;
    }
    node = child as Record<string, unknown>;
  }
  return copy;
}

describe('precompiled schema validators', () => {
  it('exist and are current for every schema of the project', () => {
    expect(schemas.length).toBeGreaterThan(20);
    expect(schemas.filter((rel) => precompiled.get(rel) === undefined)).toEqual([]);
  });

  it('give the verdict and the errors of the schema compiled now, on every committed document', () => {
    let accepted = 0;
    for (const rel of schemas)
      for (const doc of docs) {
        const now = verdict(compiledNow.get(rel)!, doc);
        expect(verdict(precompiled.get(rel)!, doc), rel).toEqual(now);
        if (now.ok) accepted++;
      }
    expect(accepted, 'some documents satisfy their schema').toBeGreaterThan(200);
  });

  it('agree on documents one change away from a valid one, and on arbitrary JSON', () => {
    const valid = schemas.flatMap((rel) => docs.filter((d) => compiledNow.get(rel)!(d)).slice(0, 3).map((doc) => ({ rel, doc })));
    fc.assert(
      fc.property(fc.constantFrom(...valid), fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), fc.option(fc.jsonValue(), { nil: undefined }), ({ rel, doc }, pick, value) => {
        const changed = mutated(doc, pick, value);
        expect(verdict(precompiled.get(rel)!, changed)).toEqual(verdict(compiledNow.get(rel)!, changed));
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.constantFrom(...schemas), fc.jsonValue(), (rel, doc) => {
        expect(verdict(precompiled.get(rel)!, doc)).toEqual(verdict(compiledNow.get(rel)!, doc));
      }),
      { numRuns: 500 },
    );
  });
});

describe('a schema edited after the build', () => {
  const copy = mkdtempSync(join(tmpdir(), 'capsim-precompiled-'));
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it('is compiled as it is now, not served from dist/validators', () => {
    const skip = new Set(['node_modules', '.git', 'reports']);
    cpSync(projectPath(), copy, { recursive: true, preserveTimestamps: true, filter: (src) => !skip.has(relative(projectPath(), src).split('/')[0]) });
    symlinkSync(projectPath('node_modules'), join(copy, 'node_modules'));
    const predict = () => spawnSync(process.execPath, [join(copy, 'bin/capsim.js'), 'predict', 'chat', '--users', '10'], { cwd: copy, encoding: 'utf8' });
    // The copy's schema asks chat's params for a field they lack. Its time is set before the build,
    // as a checkout could leave it, so only the digest of the sources can tell that it changed.
    const file = join(copy, 'models/chat/params.schema.json');
    const schema = JSON.parse(readFileSync(file, 'utf8')) as { properties: { message: { required: string[] } } };
    schema.properties.message.required.push('addedAfterTheBuild');
    writeFileSync(file, JSON.stringify(schema));
    const before = new Date(statSync(join(copy, 'dist/models/index.js')).mtimeMs - 60_000);
    utimesSync(file, before, before);
    const r = predict();
    expect(r.status, r.stdout).toBe(1);
    expect(r.stderr).toBe('capsim: models/chat/params.json: message.addedAfterTheBuild: required field is missing\n');
  }, 120_000);
});
