import seedrandom from 'seedrandom';

/** A uniform [0, 1) source. */
export type Uniform = () => number;

/**
 * One independent seedrandom stream per named source, each derived from the run seed and its name,
 * so adding a component (a new name) never shifts the numbers another component draws.
 */
export class RandomStreams {
  private readonly streams = new Map<string, Uniform>();
  constructor(readonly seed: number | string) {}

  stream(name: string): Uniform {
    let s = this.streams.get(name);
    if (!s) {
      // alea: fast, good quality and portable; its state depends only on the seed string.
      const prng = seedrandom.alea(`${this.seed}/${name}`);
      s = () => prng();
      this.streams.set(name, s);
    }
    return s;
  }
}
