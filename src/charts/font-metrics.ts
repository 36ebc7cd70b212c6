import { readFileSync } from 'node:fs';

/**
 * Advance widths read from a TrueType file (tables head, hhea, hmtx and a format-4 cmap), so that
 * vega lays out text at the width resvg and browsers will draw it. Without a canvas vega guesses
 * 0.8 em per character, which leaves charts far wider than their text.
 */
export class FontMetrics {
  private readonly unitsPerEm: number;
  private readonly advances: number[];
  private readonly glyphOf: (code: number) => number;
  private readonly cache = new Map<number, number>();

  constructor(file: string) {
    const buf = readFileSync(file);
    const tables = new Map<string, number>();
    const numTables = buf.readUInt16BE(4);
    for (let i = 0; i < numTables; i++) {
      const rec = 12 + 16 * i;
      tables.set(buf.toString('latin1', rec, rec + 4), buf.readUInt32BE(rec + 8));
    }
    const at = (tag: string): number => {
      const offset = tables.get(tag);
      if (offset === undefined) throw new Error(`${file} has no ${tag} table`);
      return offset;
    };
    this.unitsPerEm = buf.readUInt16BE(at('head') + 18);
    const numberOfHMetrics = buf.readUInt16BE(at('hhea') + 34);
    const hmtx = at('hmtx');
    this.advances = Array.from({ length: numberOfHMetrics }, (_, i) => buf.readUInt16BE(hmtx + 4 * i));
    this.glyphOf = cmapFormat4(buf, at('cmap'), file);
  }

  /** Width of one line of text in pixels at a font size in pixels. */
  width(text: string, fontSize: number): number {
    let units = 0;
    for (const ch of text) {
      const code = ch.codePointAt(0)!;
      let w = this.cache.get(code);
      if (w === undefined) {
        const glyph = this.glyphOf(code);
        w = this.advances[Math.min(glyph, this.advances.length - 1)];
        this.cache.set(code, w);
      }
      units += w;
    }
    return (units / this.unitsPerEm) * fontSize;
  }
}

/** The Unicode BMP cmap subtable (platform 3 encoding 1, or platform 0) as a code → glyph function. */
function cmapFormat4(buf: Buffer, cmap: number, file: string): (code: number) => number {
  const count = buf.readUInt16BE(cmap + 2);
  let sub = -1;
  for (let i = 0; i < count; i++) {
    const rec = cmap + 4 + 8 * i;
    const platform = buf.readUInt16BE(rec);
    const encoding = buf.readUInt16BE(rec + 2);
    const offset = cmap + buf.readUInt32BE(rec + 4);
    if (buf.readUInt16BE(offset) === 4 && ((platform === 3 && encoding === 1) || platform === 0)) sub = offset;
  }
  if (sub < 0) throw new Error(`${file} has no format-4 Unicode cmap`);
  const segCount = buf.readUInt16BE(sub + 6) / 2;
  const ends = sub + 14;
  const starts = ends + 2 * segCount + 2;
  const deltas = starts + 2 * segCount;
  const rangeOffsets = deltas + 2 * segCount;
  return (code) => {
    if (code > 0xffff) return 0;
    for (let s = 0; s < segCount; s++) {
      if (buf.readUInt16BE(ends + 2 * s) < code) continue;
      const start = buf.readUInt16BE(starts + 2 * s);
      if (start > code) return 0;
      const delta = buf.readInt16BE(deltas + 2 * s);
      const rangeOffset = buf.readUInt16BE(rangeOffsets + 2 * s);
      if (rangeOffset === 0) return (code + delta) & 0xffff;
      const glyph = buf.readUInt16BE(rangeOffsets + 2 * s + rangeOffset + 2 * (code - start));
      return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
    }
    return 0;
  };
}
