import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { findProjectRoot, projectPath } from '../../src/config/project-root.js';

const tmp = mkdtempSync(join(tmpdir(), 'capsim-root-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function ancestors(dir: string): string[] {
  const out = [dir];
  while (dirname(out[out.length - 1]!) !== out[out.length - 1]) out.push(dirname(out[out.length - 1]!));
  return out;
}

describe('findProjectRoot', () => {
  it('finds this repository from src/ (as under vitest)', () => {
    const root = findProjectRoot();
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string };
    expect(pkg.name).toBe('capsim');
    expect(existsSync(join(root, 'models', 'profiles', 'profile.schema.json'))).toBe(true);
    expect(projectPath('models', 'profiles')).toBe(join(root, 'models', 'profiles'));
  });

  it('walks up from a compiled dist/src/config module URL to the directory holding package.json', () => {
    const root = join(tmp, 'repo');
    mkdirSync(join(root, 'dist', 'src', 'config'), { recursive: true });
    writeFileSync(join(root, 'package.json'), '{}');
    const moduleUrl = pathToFileURL(join(root, 'dist', 'src', 'config', 'project-root.js'));
    expect(findProjectRoot(moduleUrl)).toBe(root);
    expect(findProjectRoot(moduleUrl.href)).toBe(root);
    expect(findProjectRoot(join(root, 'dist', 'src'))).toBe(root);
  });

  // The walk ends at the file-system root; the premise (no package.json above the temp dir) is
  // checked, not assumed: a host where it does not hold fails here rather than skipping.
  const lonely = join(tmp, 'lonely', 'a', 'b');
  it('throws when no ancestor holds package.json', () => {
    expect(ancestors(tmp).filter((d) => existsSync(join(d, 'package.json')))).toEqual([]);
    mkdirSync(lonely, { recursive: true });
    expect(() => findProjectRoot(lonely)).toThrow(/no package\.json/);
  });
});
