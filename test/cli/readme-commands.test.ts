import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { projectPath } from '../../src/config/project-root.js';
import { runInProcess } from './in-process.js';

/** The README's command table: each row's command and the flags it names. */
function readmeRows(): Array<{ command: string; flags: string[] }> {
  const readme = readFileSync(projectPath('README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Commands'), readme.indexOf('\n## ', readme.indexOf('\n## Commands') + 1));
  return [...section.matchAll(/^\| `capsim (\w+)([^`]*)` \|/gm)].map((m) => ({ command: m[1], flags: [...m[2].matchAll(/--([a-z][\w-]*)/g)].map((f) => f[1]) }));
}

describe("README's command table matches the CLI's help (issue 22)", () => {
  it('names every command capsim --help lists, and no other', async () => {
    const help = (await runInProcess(['--help'])).stdout;
    const commands = [...help.matchAll(/^\s+capsim (\w+)/gm)].map((m) => m[1]);
    expect(commands.length).toBeGreaterThanOrEqual(13);
    expect([...new Set(readmeRows().map((r) => r.command))].sort()).toEqual([...new Set(commands)].sort());
  });

  it("every flag a row names is in that command's --help", async () => {
    for (const { command, flags } of readmeRows()) {
      const help = (await runInProcess([command, '--help'])).stdout;
      for (const flag of flags) expect(help, `capsim ${command} --${flag}`).toMatch(new RegExp(`--${flag}\\b`));
    }
  });
});
