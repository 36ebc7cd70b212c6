import type { Simulation } from '../engine/simulation.js';
import type { Nanos } from '../engine/time.js';
import type { Cpu } from './cpu.js';
import { JobFifo } from './job-fifo.js';

/**
 * One single-threaded process on a machine's shared cores: a Python process holding its GIL (a
 * uvicorn worker, an asyncio loop), a Node process. Its ready callbacks run one at a time in the
 * order they became ready (asyncio's ready queue), each as one job on the machine's Cpu, so the
 * process never uses more than one core and several processes share the cores as the OS shares
 * them (the Cpu's discipline). Demands are CPU time on a speed-1 core; the Cpu applies its speed.
 */
export class SerialProcess {
  private readonly ready = new JobFifo<(now: Nanos) => void>();
  private running = false;
  /** CPU time this process has been given, ns (its demands ÷ the core's speed). */
  private cpuNs = 0;
  /** Callbacks run to completion. */
  completed = 0;
  /** Called with (start, end, cpuNs) of each callback, to chart its CPU per second. */
  onRun: ((start: Nanos, end: Nanos, cpuNs: number) => void) | undefined;

  /**
   * Time a sleeping process waits on its core's run queue before it runs again (other work's time
   * slice ending on a shared core), drawn at each wake-up; callbacks that become ready meanwhile run
   * in the same wake-up. None when unset.
   */
  wakeWait: (() => Nanos) | undefined;
  /** CPU a wake-up costs on a speed-1 core (the loop's poll, a cold cache), added to its first callback. */
  wakeCpuNs = 0;
  private wakeDue = 0;
  /** Wake-ups so far (the process went from sleeping to runnable). */
  wakeUps = 0;
  /** Run-queue time spent in wake-up waits so far, ns. */
  wakeWaitNs = 0;
  /**
   * On a core other work also wants: called with the time the process has run on end since it woke
   * or was last preempted, while it still has callbacks ready; the pause it returns (others' time
   * slices) comes before the next one. None when unset.
   */
  preempt: ((ranNs: Nanos) => Nanos) | undefined;
  /** Run-queue time spent preempted so far, ns. */
  preemptWaitNs = 0;
  private ranNs = 0;

  constructor(private readonly sim: Simulation, private readonly cpu: Cpu, private readonly speed: number) {}

  /** Queues a callback that costs `demandNs` of CPU on a speed-1 core; `done` fires when it has run. */
  post(demandNs: number, done: (now: Nanos) => void): void {
    this.ready.push(demandNs, this.sim.now, done);
    if (this.running) return;
    this.wakeUps++;
    this.ranNs = 0;
    this.wakeDue = this.wakeCpuNs;
    const wait = this.wakeWait?.() ?? 0;
    if (wait <= 0) return this.next();
    this.running = true;
    this.wakeWaitNs += wait;
    this.sim.schedule(wait, () => this.next());
  }

  /** Callbacks waiting, the running one included. */
  get queueLength(): number {
    return this.ready.size + (this.running ? 1 : 0);
  }

  /** CPU time given so far (callbacks finished), ns. */
  get cpuTimeNs(): number {
    return this.cpuNs;
  }

  private next(): void {
    if (this.ready.size === 0) {
      this.running = false;
      return;
    }
    this.running = true;
    const demand = this.ready.peekA() + this.wakeDue;
    this.wakeDue = 0;
    const done = this.ready.shift();
    const start = this.sim.now;
    this.cpu.execute(demand, (now) => {
      const used = demand / this.speed;
      this.cpuNs += used;
      this.completed++;
      this.onRun?.(start, now, used);
      done(now);
      this.ranNs += now - start;
      const pause = this.ready.size > 0 ? (this.preempt?.(this.ranNs) ?? 0) : 0;
      if (pause <= 0) return this.next();
      this.ranNs = 0;
      this.preemptWaitNs += pause;
      this.sim.schedule(pause, () => this.next());
    });
  }
}
