import { Cpu } from '../../src/components/cpu.js';
import type { Simulation } from '../../src/engine/simulation.js';
import type { Nanos } from '../../src/engine/time.js';
import type { Profile } from '../../src/config/profiles.js';
import { perProfile, type LeaderboardParams } from './params.js';
import type { LeaderboardScenario } from './scenario.js';

/** A server process's CPU: jobs in µs at a speed-1 core, with the busy time it was given. */
export class ProcessCpu {
  busyNs = 0;

  constructor(
    private readonly cpu: Cpu,
    readonly speed: number,
    /** Cores this process can use (its share of a shared core counts as one). */
    readonly cores: number,
  ) {}

  run(us: number, then: (now: Nanos) => void): void {
    const ns = us * 1_000;
    this.busyNs += ns / this.speed;
    this.cpu.execute(ns, then);
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
    // One core time-shared by three processes: processor sharing between their jobs.
    const core = new Cpu(sim, { cores: 1, discipline: 'ps', speed: speeds.app });
    return { app: new ProcessCpu(core, speeds.app, 1), redis: new ProcessCpu(core, speeds.app, 1), mysql: new ProcessCpu(core, speeds.app, 1), shared: true };
  }
  const appCores = Math.min(sc.serverProcesses ?? params.app.processes.value, app.vcpus);
  return {
    app: new ProcessCpu(new Cpu(sim, { cores: appCores, discipline: 'fcfs', speed: speeds.app }), speeds.app, appCores),
    // Redis executes commands on one thread, whatever the node's vCPUs.
    redis: new ProcessCpu(new Cpu(sim, { cores: 1, discipline: 'fcfs', speed: speeds.redis }), speeds.redis, 1),
    mysql: new ProcessCpu(new Cpu(sim, { cores: mysql.vcpus, discipline: 'ps', speed: speeds.mysql }), speeds.mysql, mysql.vcpus),
    shared: false,
  };
}

/** Round trip between the server and a peer: loopback when both are this machine, else one AZ. */
export function rttUs(params: LeaderboardParams, a: Profile, b: Profile): number {
  return isLocal(a) && isLocal(b) ? params.network.loopbackRttUs.value : params.network.sameAzRttUs.value;
}
