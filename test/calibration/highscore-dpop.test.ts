import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { projectPath } from '../../src/config/project-root.js';

const APP = projectPath('calibration', 'apps', 'highscore');
/** The bundled app's Python packages (services-highscore.sh installs them); without them there is nothing to check. */
const hasPython = ((): boolean => {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import jwt, cryptography'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!hasPython)('highscore DPoP across uvicorn workers', () => {
  it('a token one worker issued passes another, and only with the key it binds', () => {
    const out = JSON.parse(execFileSync('/usr/bin/python3', ['dpop_check.py'], { cwd: APP, encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } })) as Record<string, string>;
    expect(out.issuer).toBe('u7');
    expect(out.otherWorker).toBe('u7');
    expect(out.otherWorkerAgain).toBe('u7');
    expect(out.foreignKeyIssuer).toMatch(/^refused/);
    expect(out.foreignKeyOtherWorker).toMatch(/^refused/);
  });
});
