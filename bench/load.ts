// Fires one scenario with autocannon and turns the run into the figures we report. We keep every
// response time ourselves: autocannon's summary has p97.5 but no p95, and p95 is our target.
// runPaced is the open-loop counterpart for a load below saturation (many users at their own pace).
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
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

  return summarise(scenario, latencies, statuses, {
    connections: options.connections,
    durationSeconds: result.duration,
    errors: result.errors,
    timeouts: result.timeouts,
    errorMessages,
  });
}

function summarise(
  scenario: Scenario,
  latencies: number[],
  statuses: Record<string, number>,
  run: { connections: number; durationSeconds: number; errors: number; timeouts: number; errorMessages: Record<string, number> },
): ScenarioResult {
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
    connections: run.connections,
    durationSeconds: run.durationSeconds,
    // Not autocannon's requests.mean: that averages per-second samples, and a run often ends with a
    // short extra sample that drags the mean down by up to a tenth.
    requests: { total, perSecondMean: round(total / run.durationSeconds) },
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
    errors: run.errors,
    timeouts: run.timeouts,
    errorMessages: run.errorMessages,
    ok: total > 0 && run.errors === 0 && run.timeouts === 0 && unexpectedStatuses === 0,
  };
}

/**
 * An open-loop load below saturation: requests arrive as from many independent users (a Poisson process
 * of `rate` per second, exponential gaps), each sent when it is due over at most `connections` kept-alive
 * connections, whatever the ones before it are doing. A request's latency runs from when it was due to
 * its last byte, so waiting for a free connection counts (no coordinated omission). autocannon's
 * `overallRate` is not that: each connection sends its share back to back at the start of every second
 * and then pauses, so every second began with a burst of `connections` requests queueing on the server,
 * and its correction for omitted requests assumed a 1 ms interval, adding synthetic latencies. Bounded:
 * `durationSeconds` of arrivals, then at most 10 s for the last answers.
 */
export async function runPaced(
  baseUrl: string,
  scenario: Scenario,
  options: { durationSeconds: number; rate: number; connections: number; signal: AbortSignal },
): Promise<ScenarioResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const errorMessages: Record<string, number> = {};
  let errors = 0;
  let timeouts = 0;
  const setup = typeof scenario.requests?.[0]?.setupRequest === 'function' ? scenario.requests[0].setupRequest : undefined;
  const send = (due: number): Promise<void> => {
    const base = { method: scenario.method, path: scenario.path, headers: scenario.headers ?? {}, body: scenario.body };
    const request = (setup ? setup(base, {}) : base) as typeof base;
    const url = new URL(request.path, baseUrl);
    return new Promise<void>((resolve) => {
      const req = http.request(url, { method: request.method, headers: request.headers, agent, timeout: 10_000 }, (res) => {
        res.resume();
        res.on('end', () => {
          latencies.push(performance.now() - due);
          statuses[res.statusCode ?? 0] = (statuses[res.statusCode ?? 0] ?? 0) + 1;
          resolve();
        });
      });
      req.on('timeout', () => {
        timeouts += 1;
        req.destroy(new Error('timeout'));
      });
      req.on('error', (error) => {
        errors += 1;
        if (error.message in errorMessages || Object.keys(errorMessages).length < 10)
          errorMessages[error.message] = (errorMessages[error.message] ?? 0) + 1;
        resolve();
      });
      req.end(request.body);
    });
  };
  const started = performance.now();
  const end = started + options.durationSeconds * 1000;
  const inFlight = new Set<Promise<void>>();
  let due = started;
  while (!options.signal.aborted) {
    due += (-Math.log(1 - Math.random()) * 1000) / options.rate;
    if (due >= end) break;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const sent = send(due);
    inFlight.add(sent);
    void sent.then(() => inFlight.delete(sent));
  }
  await Promise.race([Promise.all(inFlight), sleep(10_000)]);
  agent.destroy();
  return summarise(scenario, latencies, statuses, {
    connections: options.connections,
    durationSeconds: options.durationSeconds,
    errors,
    timeouts,
    errorMessages,
  });
}
