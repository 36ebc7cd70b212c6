import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, release } from 'node:os';
import { projectPath } from '../../src/config/project-root.js';
import { PYTHON } from './app-servers.js';
/** Versions of Python packages, as `{ python, <name>: version }`; `modules` maps record name → import name. */
export function pythonVersions(modules, cwd) {
    const entries = Object.entries(modules);
    const script = [
        'import json, platform',
        ...entries.map(([, mod], i) => `import ${mod} as m${i}`),
        `print(json.dumps({"python": platform.python_version(), ${entries.map(([name], i) => `${JSON.stringify(name)}: getattr(m${i}, "__version__", None) or ".".join(map(str, getattr(m${i}, "VERSION", ())))`).join(', ')}}))`,
    ].join('\n');
    return JSON.parse(execFileSync(PYTHON, ['-c', script], { encoding: 'utf8', cwd }));
}
export function redisServerVersion() {
    const out = execFileSync('redis-server', ['--version'], { encoding: 'utf8' });
    return /v=(\S+)/.exec(out)?.[1] ?? out.trim();
}
/** The chat stack's component versions. */
export function chatVersions() {
    const py = pythonVersions({ fastapi: 'fastapi', uvicorn: 'uvicorn', 'redis-py': 'redis', websockets: 'websockets' }, projectPath('calibration', 'apps', 'chat'));
    const ws = JSON.parse(readFileSync(projectPath('node_modules', 'ws', 'package.json'), 'utf8')).version;
    return { ...py, 'redis-server': redisServerVersion(), ws };
}
/** The machine and the versions of every real component in a run, for the run record; `extra` is appended. */
export function machineInfo(pinning, versions, extra = {}) {
    return {
        cores: cpus().length,
        cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
        kernel: release(),
        node: process.version,
        versions,
        pinning,
        ...extra,
    };
}
