import { UsageError } from '../../src/cli/usage-error.js';
/**
 * `--set key=value` pairs → a run record's `settings`: the `capsim predict <model>` flags that
 * reproduce the run, as strings. A key given twice becomes an array (`--set profile=app=local
 * --set profile=redis=local`). When the model's flags are known the keys must be among them, a
 * flag declared as an array is always stored as one, and any other flag may be given once.
 * Values are not interpreted here: the model checks them when the record is re-simulated.
 */
export function parseSettings(pairs, flags, model) {
    const values = new Map();
    for (const pair of pairs) {
        const eq = pair.indexOf('=');
        const key = eq < 0 ? '' : pair.slice(0, eq).trim().replace(/^--/, '');
        const value = eq < 0 ? '' : pair.slice(eq + 1).trim();
        if (eq < 0 || !/^[a-z][a-z0-9-]*$/.test(key))
            throw new UsageError(`--set must be key=value with a flag name as key (e.g. --set users=100), got ${JSON.stringify(pair)}`);
        if (value === '')
            throw new UsageError(`--set ${key}= needs a value`);
        if (flags && !(key in flags))
            throw new UsageError(`--set ${key}: not a flag of the ${model ?? 'chosen'} model; its flags: ${Object.keys(flags).join(', ')}`);
        const list = values.get(key) ?? [];
        list.push(value);
        values.set(key, list);
    }
    const settings = {};
    for (const key of [...values.keys()].sort()) {
        const list = values.get(key) ?? [];
        const isArray = flags?.[key]?.array === true;
        if (flags && !isArray && list.length > 1)
            throw new UsageError(`--set ${key} given ${list.length} times; the ${model ?? 'chosen'} model takes it once`);
        settings[key] = isArray || list.length > 1 ? list : list[0];
    }
    return settings;
}
