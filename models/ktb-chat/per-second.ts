/**
 * Per-second figures gathered from fluid steps: a step adds to the second it starts in; `mean`
 * series average over the steps of a second, `max` series keep the largest value, `sum` series add.
 */
export class PerSecond {
  readonly sums: Record<string, number[]> = {};
  private readonly steps: number[];

  constructor(readonly seconds: number) {
    this.steps = new Array<number>(seconds).fill(0);
  }

  private row(name: string): number[] {
    return (this.sums[name] ??= new Array<number>(this.seconds).fill(0));
  }

  tick(sec: number): void {
    this.steps[sec]++;
  }

  add(name: string, sec: number, value: number): void {
    this.row(name)[sec] += value;
  }

  max(name: string, sec: number, value: number): void {
    const r = this.row(name);
    if (value > r[sec]) r[sec] = value;
  }

  set(name: string, sec: number, value: number): void {
    this.row(name)[sec] = value;
  }

  /** A sum series divided by the steps of each second (a mean over the second). */
  mean(name: string): number[] {
    return this.row(name).map((v, s) => (this.steps[s] > 0 ? v / this.steps[s] : 0));
  }

  get(name: string): number[] {
    return this.row(name);
  }
}
