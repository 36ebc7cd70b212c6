/** Each named figure averaged over several readings of it (seeds of a simulation, repeats of a real run). */
export function meanFigures<K extends string>(readings: Array<Record<K, number>>): Record<K, number> {
  if (readings.length === 0) throw new RangeError('meanFigures needs at least one reading');
  const keys = Object.keys(readings[0]) as K[];
  return Object.fromEntries(keys.map((k) => [k, readings.reduce((sum, f) => sum + f[k], 0) / readings.length])) as Record<K, number>;
}
