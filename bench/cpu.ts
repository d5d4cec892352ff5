// Where the CPU went during a measurement. On a machine where load generator, server and PostgreSQL
// share the cores, a figure means little without it: a server at 100% of a core is the bottleneck;
// a machine far busier than server + load generator means PostgreSQL, or something else, took the
// rest; steal means the hypervisor gave our virtual CPUs to another machine.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';

export interface CpuShare {
  /** All cores together, as % of one core (2 cores fully busy = 200). */
  machine: number;
  /** The `casus serve` process, % of one core; null where /proc is not available. */
  server: number | null;
  /** This process (autocannon), % of one core. */
  loadGenerator: number;
  /** Time the hypervisor gave our virtual CPUs to someone else, % of one core; null where /proc is not available. */
  steal: number | null;
}

interface Sample {
  at: bigint;
  machineBusyMs: number;
  serverMs: number | null;
  selfMs: number;
  stealMs: number | null;
}

function machineBusyMs(): number {
  return os.cpus().reduce((sum, cpu) => sum + cpu.times.user + cpu.times.nice + cpu.times.sys + cpu.times.irq, 0);
}

/** utime + stime of a process from /proc/<pid>/stat, in ms. */
function processMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces), counted from field 3 (state).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / 100 : null; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

/** The `steal` column of /proc/stat's first line, in ms. */
function stealMs(): number | null {
  try {
    const steal = Number(readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/)[8]);
    return Number.isFinite(steal) ? (steal * 1000) / 100 : null;
  } catch {
    return null;
  }
}

export function sampleCpu(serverPid: number): Sample {
  const self = process.cpuUsage();
  return {
    at: process.hrtime.bigint(),
    machineBusyMs: machineBusyMs(),
    serverMs: processMs(serverPid),
    selfMs: (self.user + self.system) / 1000,
    stealMs: stealMs(),
  };
}

export function cpuShare(from: Sample, to: Sample): CpuShare {
  const elapsedMs = Number(to.at - from.at) / 1e6;
  const pct = (ms: number) => Math.round((100 * ms) / elapsedMs);
  return {
    machine: pct(to.machineBusyMs - from.machineBusyMs),
    server: from.serverMs === null || to.serverMs === null ? null : pct(to.serverMs - from.serverMs),
    loadGenerator: pct(to.selfMs - from.selfMs),
    steal: from.stealMs === null || to.stealMs === null ? null : pct(to.stealMs - from.stealMs),
  };
}

/** How busy the machine is before we add load, over one second; % of one core, summed over cores. */
export async function machineBusyNow(): Promise<number> {
  const before = { at: process.hrtime.bigint(), busy: machineBusyMs() };
  await sleep(1000);
  const elapsedMs = Number(process.hrtime.bigint() - before.at) / 1e6;
  return Math.round((100 * (machineBusyMs() - before.busy)) / elapsedMs);
}
