import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { projectPath } from '../../src/config/project-root.js';

/** Every module specifier of a TypeScript file: static imports and re-exports, and dynamic import(). */
export function specifiers(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/(?:^|[\s;])(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g)) found.push(m[1]);
  for (const m of source.matchAll(/(?:^|[\s;])import\s*['"]([^'"]+)['"]/g)) found.push(m[1]);
  for (const m of source.matchAll(/\bimport\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g)) found.push(m[1]);
  return found;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** Files under src/ whose imports reach into models/, as "file → specifier". */
function importsOfModels(): string[] {
  const models = projectPath('models');
  return tsFiles(projectPath('src')).flatMap((file) =>
    specifiers(readFileSync(file, 'utf8'))
      .filter((s) => s.startsWith('.'))
      .filter((s) => !relative(models, resolve(dirname(file), s)).startsWith('..'))
      .map((s) => `${relative(projectPath(), file)} → ${s}`),
  );
}

describe('src/ is a library: the models are handed in (bin/capsim.js builds the registry)', () => {
  it('finds the three forms of import it looks for', () => {
    expect(specifiers(`import { a } from '../../models/index.js';\nimport type {\n  B,\n} from "./x.js";\nexport * from '../y.js';\nimport './side.js';\nconst m = await import('../../models/chat/flags.js');`)).toEqual([
      '../../models/index.js',
      './x.js',
      '../y.js',
      './side.js',
      '../../models/chat/flags.js',
    ]);
  });

  it('no file under src/ imports from models/', () => {
    expect(importsOfModels()).toEqual([]);
  });
});
