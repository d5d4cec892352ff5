// Fires one scenario with autocannon and turns the run into the figures we report. We keep every
// response time ourselves: autocannon's summary has p97.5 but no p95, and p95 is our target.
import autocannon from 'autocannon';
import type { Scenario } from './scenarios.ts';

export interface ScenarioResult {
  name: string;
  method: string;
  path: string;
  connections: number;
  durationSeconds: number;
  requests: { total: number; perSecondMean: number };
  latencyMs: { mean: number; p50: number; p95: number; p99: number; max: number };
  /** Count per HTTP status. */
  statuses: Record<string, number>;
  non2xx: number;
  /** Responses whose status the scenario does not expect. */
  unexpectedStatuses: number;
  /** Connection errors and timeouts (timeouts are also counted in errors). */
  errors: number;
  timeouts: number;
  /** The most frequent error messages, to say why without a debugger. */
  errorMessages: Record<string, number>;
  ok: boolean;
}

/** Nearest-rank percentile of ascending values. */
function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? 0;
}

const round = (ms: number) => Math.round(ms * 100) / 100;

function expected(scenario: Scenario, status: number): boolean {
  return scenario.expectStatus ? scenario.expectStatus.includes(status) : status >= 200 && status < 300;
}

export async function runScenario(
  baseUrl: string,
  scenario: Scenario,
  options: { durationSeconds: number; connections: number; signal: AbortSignal; overallRate?: number },
): Promise<ScenarioResult> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const errorMessages: Record<string, number> = {};
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: baseUrl + scenario.path,
        method: scenario.method,
        headers: scenario.headers,
        body: scenario.body,
        ...(scenario.requests ? { requests: scenario.requests } : {}),
        connections: options.connections,
        duration: options.durationSeconds,
        // A fixed rate (requests/s over all connections) below saturation: latency without queueing.
        ...(options.overallRate ? { overallRate: options.overallRate } : {}),
        // A request that takes 10 s is a failure whatever the target; count it, do not wait longer.
        timeout: 10,
      },
      (error: unknown, res) =>
        error ? reject(error instanceof Error ? error : new Error(`autocannon failed: ${JSON.stringify(error)}`)) : resolve(res),
    );
    instance.on('response', (_client, status, _bytes, ms) => {
      latencies.push(ms);
      statuses[status] = (statuses[status] ?? 0) + 1;
    });
    instance.on('reqError', (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      if (message in errorMessages || Object.keys(errorMessages).length < 10) errorMessages[message] = (errorMessages[message] ?? 0) + 1;
    });
    const stop = () => instance.stop();
    if (options.signal.aborted) stop();
    else options.signal.addEventListener('abort', stop, { once: true });
  });

  const sorted = Float64Array.from(latencies).sort();
  const total = sorted.length;
  const sum = latencies.reduce((a, b) => a + b, 0);
  let non2xx = 0;
  let unexpectedStatuses = 0;
  for (const [status, count] of Object.entries(statuses)) {
    const code = Number(status);
    if (code < 200 || code >= 300) non2xx += count;
    if (!expected(scenario, code)) unexpectedStatuses += count;
  }
  return {
    name: scenario.name,
    method: scenario.method,
    path: scenario.path,
    connections: options.connections,
    durationSeconds: result.duration,
    // Not autocannon's requests.mean: that averages per-second samples, and a run often ends with a
    // short extra sample that drags the mean down by up to a tenth.
    requests: { total, perSecondMean: round(total / result.duration) },
    latencyMs: {
      mean: round(total > 0 ? sum / total : 0),
      p50: round(percentile(sorted, 50)),
      p95: round(percentile(sorted, 95)),
      p99: round(percentile(sorted, 99)),
      max: round(sorted[total - 1] ?? 0),
    },
    statuses,
    non2xx,
    unexpectedStatuses,
    errors: result.errors,
    timeouts: result.timeouts,
    errorMessages,
    ok: total > 0 && result.errors === 0 && result.timeouts === 0 && unexpectedStatuses === 0,
  };
}
