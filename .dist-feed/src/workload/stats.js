export function emptyStats(kind, name) {
    return {
        kind, name, started: 0, completed: 0, interrupted: 0, dropped: 0, vus: 0, vusMax: 0, vusSeries: [],
        startedAt: undefined, finishedAt: undefined, duration: undefined,
    };
}
