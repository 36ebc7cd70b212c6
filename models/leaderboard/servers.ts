import { Cpu } from '../../src/components/cpu.js';
import { TurnTakingCore, type FormTurn } from '../../src/components/turn-taking-core.js';
import type { TakesTurns } from '../../src/components/batching-loop.js';
import { otherWork } from '../../src/components/other-work.js';
import type { Simulation } from '../../src/engine/simulation.js';
import type { Nanos } from '../../src/engine/time.js';
import type { Profile } from '../../src/config/profiles.js';
import { perProfile, type LeaderboardParams } from './params.js';
import type { LeaderboardScenario } from './scenario.js';

/** A server process's CPU: jobs in µs at a speed-1 core, with the busy time it was given. */
export class ProcessCpu implements TakesTurns {
  busyNs = 0;

  constructor(
    private readonly cpu: Cpu | TurnTakingCore,
    readonly speed: number,
    /** Cores this process can use (its share of a shared core counts as one). */
    readonly cores: number,
    /**
     * Whether work begun on its idle core pays the cold wake-up: measured on this machine only (a
     * halted vCPU woken); on a profile's host the loop's iteration costs its warm wake-up.
     */
    private readonly coldFromIdle = true,
  ) {}

  run(us: number, then: (now: Nanos) => void): void {
    this.turn(() => ({ us, done: then }));
  }

  /** Work formed when the process gets its core (at once on a core of its own). */
  turn(form: FormTurn): void {
    if (this.cpu instanceof TurnTakingCore) return this.cpu.turn(form, (ns) => (this.busyNs += ns));
    const t = form(!this.coldFromIdle);
    if (!t) return;
    const ns = t.us * 1_000;
    this.busyNs += ns / this.speed;
    this.cpu.execute(ns, t.done);
  }
}

/** Where the three server processes run: their own hosts, or one shared core as in the local runs. */
export interface ServerCpus {
  app: ProcessCpu;
  redis: ProcessCpu;
  mysql: ProcessCpu;
  /** The local runs' pinning: server, Redis and MariaDB on one core (RUNS.md, machine.pinning). */
  shared: boolean;
}

export const isLocal = (p: Profile): boolean => p.name === 'local';

export function serverCpus(sim: Simulation, sc: LeaderboardScenario, params: LeaderboardParams): ServerCpus {
  const { app, redis, mysql } = sc.profiles;
  const speeds = {
    app: perProfile(params.app.cpuSpeed, app, app.cpuSpeed),
    redis: perProfile(params.redis.cpuSpeed, redis, redis.cpuSpeed),
    mysql: perProfile(params.mysql.cpuSpeed, mysql, mysql.cpuSpeed),
  };
  if (isLocal(app) && isLocal(redis) && isLocal(mysql)) {
    // One core shared by three processes, each running until it blocks: they take turns.
    const core = new TurnTakingCore(sim, speeds.app);
    // Other processes on the machine take their turns on it too (a recorded run's accounting).
    if (sc.otherWork) otherWork(sim, core, sc.otherWork.serverCore, sc.otherWork.sliceUs * 1_000, sim.stream('other-work-server'));
    return { app: new ProcessCpu(core, speeds.app, 1), redis: new ProcessCpu(core, speeds.app, 1), mysql: new ProcessCpu(core, speeds.app, 1), shared: true };
  }
  const appCores = Math.min(sc.serverProcesses ?? params.app.processes.value, app.vcpus);
  return {
    app: new ProcessCpu(new Cpu(sim, { cores: appCores, discipline: 'fcfs', speed: speeds.app }), speeds.app, appCores, isLocal(app)),
    // Redis executes commands on one thread, whatever the node's vCPUs.
    redis: new ProcessCpu(new Cpu(sim, { cores: 1, discipline: 'fcfs', speed: speeds.redis }), speeds.redis, 1, isLocal(redis)),
    mysql: new ProcessCpu(new Cpu(sim, { cores: mysql.vcpus, discipline: 'ps', speed: speeds.mysql }), speeds.mysql, mysql.vcpus),
    shared: false,
  };
}

/** The local runs' load generator: one Node process on its own core (core 0, RUNS.md). */
export function loadGeneratorCpu(sim: Simulation, speed: number, others?: LeaderboardScenario['otherWork']): ProcessCpu {
  if (!(others && others.generatorCore > 0)) return new ProcessCpu(new Cpu(sim, { cores: 1, discipline: 'fcfs', speed }), speed, 1);
  // Its core shared with other processes: it takes turns with them.
  const core = new TurnTakingCore(sim, speed);
  otherWork(sim, core, others.generatorCore, others.sliceUs * 1_000, sim.stream('other-work-generator'));
  return new ProcessCpu(core, speed, 1);
}

/** Round trip between the server and a peer: loopback when both are this machine, else one AZ. */
export function rttUs(params: LeaderboardParams, a: Profile, b: Profile): number {
  return isLocal(a) && isLocal(b) ? params.network.loopbackRttUs.value : params.network.sameAzRttUs.value;
}
