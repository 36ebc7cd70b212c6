import { UsageError } from '../cli/usage-error.js';
import { headerOf, sweepResult } from './result.js';
/**
 * Joins the shards of one sweep into the result a single run would have written: same header,
 * points in grid order, no shard field. Refuses shards of different sweeps, overlaps and gaps.
 */
export function mergeShards(parts) {
    if (parts.length === 0)
        throw new UsageError('merge needs at least one sweep result');
    const first = parts[0];
    if (first.result.format !== 'capsim-sweep/1')
        throw new UsageError(`${first.file} is not a capsim sweep result`);
    const header = JSON.stringify(headerOf(first.result));
    const byIndex = new Map();
    for (const { file, result } of parts) {
        if (result.format !== 'capsim-sweep/1')
            throw new UsageError(`${file} is not a capsim sweep result`);
        if (JSON.stringify(headerOf(result)) !== header)
            throw new UsageError(`${file} is from a different sweep than ${first.file} (model, flags, grid, seeds or confidence differ)`);
        for (const p of result.points) {
            if (byIndex.has(p.index))
                throw new UsageError(`grid point ${p.index} is in more than one input (${file} overlaps an earlier file)`);
            byIndex.set(p.index, p);
        }
    }
    const missing = [];
    for (let i = 0; i < first.result.gridSize; i++)
        if (!byIndex.has(i))
            missing.push(i);
    if (missing.length > 0) {
        const counts = [...new Set(parts.map((p) => p.result.shard?.count).filter((c) => c !== undefined))];
        const have = new Set(parts.map((p) => p.result.shard?.index));
        const lacking = counts.length === 1 ? Array.from({ length: counts[0] }, (_, i) => i + 1).filter((i) => !have.has(i)).map((i) => `${i}/${counts[0]}`) : [];
        throw new UsageError(`${missing.length} of ${first.result.gridSize} grid points are missing (first: ${missing.slice(0, 5).join(', ')})` + (lacking.length ? `; missing shards: ${lacking.join(', ')}` : ''));
    }
    return sweepResult(headerOf(first.result), [...byIndex.keys()].sort((a, b) => a - b).map((i) => byIndex.get(i)));
}
