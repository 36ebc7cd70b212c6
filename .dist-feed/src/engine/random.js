import seedrandom from 'seedrandom';
/**
 * One independent seedrandom stream per named source, each derived from the run seed and its name,
 * so adding a component (a new name) never shifts the numbers another component draws.
 */
export class RandomStreams {
    seed;
    streams = new Map();
    constructor(seed) {
        this.seed = seed;
    }
    stream(name) {
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
