// How a benchmark run is reported: a table for people, a JSON document for comparing runs. The
// JSON carries the machine, engine and dataset, because a figure without them cannot be compared.
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { CpuShare } from './cpu.ts';
import type { ScenarioResult } from './load.ts';

export type MeasuredScenario = ScenarioResult & { cpuPercentOfOneCore: CpuShare };

export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  ok: boolean;
  machine: {
    cpuModel: string;
    cpuCount: number;
    totalMemoryGiB: number;
    platform: string;
    node: string;
    /** Load average when the run started (lags by minutes; see busyBeforeStart). */
    loadAverage: number[];
    /** Measured over the second before the run: a busy machine explains slow figures. */
    busyBeforeStartPercentOfOneCore?: number;
  };
  code: { commit: string | null; uncommittedChanges: boolean | null };
  database: { engine: 'embedded' | 'external'; describe: string; postgres: string };
  dataset: string;
  server: { command: string; env: Record<string, string> };
  load: { tool: string; warmupSeconds: number; note: string };
  scenarios: MeasuredScenario[];
}

function git(args: string[], cwd: string): string | null {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

export function machineFacts(): BenchReport['machine'] {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cpuCount: cpus.length,
    totalMemoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    loadAverage: os.loadavg().map((n) => Math.round(n * 100) / 100),
  };
}

export function codeFacts(root: string): BenchReport['code'] {
  const status = git(['status', '--porcelain'], root);
  return { commit: git(['rev-parse', '--short', 'HEAD'], root), uncommittedChanges: status === null ? null : status.length > 0 };
}

const num = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2));

export function formatTable(results: MeasuredScenario[]): string {
  const header = [
    'scenario',
    'conns',
    'req/s',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'max ms',
    'requests',
    'non-2xx',
    'unexpected',
    'errors',
    'cpu srv/all/steal %',
    'result',
  ];
  const rows = results.map((r) => [
    r.name,
    String(r.connections),
    r.requests.perSecondMean.toFixed(0),
    num(r.latencyMs.p50),
    num(r.latencyMs.p95),
    num(r.latencyMs.p99),
    num(r.latencyMs.max),
    String(r.requests.total),
    String(r.non2xx),
    String(r.unexpectedStatuses),
    r.timeouts > 0 ? `${r.errors} (${r.timeouts} timeouts)` : String(r.errors),
    `${r.cpuPercentOfOneCore.server ?? '?'}/${r.cpuPercentOfOneCore.machine}/${r.cpuPercentOfOneCore.steal ?? '?'}`,
    r.ok ? 'ok' : 'FAIL',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  // Names left-aligned, figures right-aligned so their magnitudes line up.
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Why each failed scenario failed, in a line or two. */
export function failureReasons(results: ScenarioResult[]): string[] {
  return results
    .filter((r) => !r.ok)
    .map((r) => {
      const reasons: string[] = [];
      if (r.requests.total === 0) reasons.push('no responses at all');
      if (r.unexpectedStatuses > 0) reasons.push(`${r.unexpectedStatuses} unexpected statuses (${JSON.stringify(r.statuses)})`);
      if (r.errors > 0) reasons.push(`${r.errors} errors, ${r.timeouts} timeouts: ${JSON.stringify(r.errorMessages)}`);
      return `${r.name}: ${reasons.join('; ')}`;
    });
}

/** Writes bench/results/<prefix><timestamp>.json (git-ignored) and returns its path. */
export async function writeReport(root: string, report: Pick<BenchReport, 'startedAt'>, prefix = ''): Promise<string> {
  const dir = path.join(root, 'bench', 'results');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${prefix}${report.startedAt.replace(/[:.]/g, '-')}.json`);
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}
