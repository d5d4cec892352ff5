// Readiness: can this instance serve? Each check is small and bounded in time; the result says
// which check failed and why, so an operator (or the load balancer's log) sees the reason.

export interface CheckResult {
  ok: boolean;
  detail: string;
}

export type ReadinessCheck = () => Promise<CheckResult> | CheckResult;

export class Readiness {
  readonly #checks = new Map<string, ReadinessCheck>();
  #draining = false;

  add(name: string, check: ReadinessCheck): void {
    this.#checks.set(name, check);
  }

  /** From SIGTERM on, report not ready so load balancers stop sending new work. */
  drain(): void {
    this.#draining = true;
  }

  async run(timeoutMs = 2000): Promise<{ ready: boolean; checks: Record<string, CheckResult> }> {
    const checks: Record<string, CheckResult> = {};
    await Promise.all(
      [...this.#checks].map(async ([name, check]) => {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<CheckResult>((resolve) => {
          timer = setTimeout(() => resolve({ ok: false, detail: `no answer within ${timeoutMs} ms` }), timeoutMs);
        });
        try {
          checks[name] = await Promise.race([Promise.resolve().then(check), timeout]);
        } catch (error) {
          checks[name] = { ok: false, detail: (error as Error).message };
        } finally {
          clearTimeout(timer);
        }
      }),
    );
    if (this.#draining) checks.shutdown = { ok: false, detail: 'shutting down' };
    return { ready: Object.values(checks).every((c) => c.ok), checks };
  }
}
