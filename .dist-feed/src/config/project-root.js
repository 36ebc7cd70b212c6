import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
/**
 * The repository root is the nearest ancestor holding package.json. Walking up (rather than a fixed
 * number of `..`) keeps data files reachable both from `src/config/` under vitest and from the
 * compiled `dist/src/config/`, which sits one level deeper.
 */
export function findProjectRoot(from = import.meta.url) {
    const start = typeof from === 'string' && !from.startsWith('file:') ? resolve(from) : fileURLToPath(from);
    let dir = existsSync(join(start, 'package.json')) ? start : dirname(start);
    for (;;) {
        if (existsSync(join(dir, 'package.json')))
            return dir;
        const parent = dirname(dir);
        if (parent === dir)
            throw new Error(`no package.json in ${start} or any directory above it`);
        dir = parent;
    }
}
let cachedRoot;
/** Absolute path of a file given relative to the repository root. */
export function projectPath(...segments) {
    cachedRoot ??= findProjectRoot();
    return join(cachedRoot, ...segments);
}
