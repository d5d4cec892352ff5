// build(t): the whole system on this file's test database, with the HTTP app ready for inject()
// (fastify/demo's pattern). Stopped when the test ends.
import type { TestContext } from 'node:test';
import { loadSettings, type Settings } from '../../src/kernel/config.ts';
import { createLogger, type Logger } from '../../src/kernel/observability/logger.ts';
import { startSystem, type RunningSystem } from '../../src/app/runtime.ts';
import type { CasusModule } from '../../src/kernel/module.ts';
import type { DatabaseTarget } from '../../src/kernel/db/target.ts';
import { testDatabase } from './database.ts';

export interface BuildOptions {
  env?: Record<string, string>;
  modules?: CasusModule[];
  worker?: boolean;
  target?: DatabaseTarget;
  log?: Logger;
  /** Listen on 127.0.0.1 (a free port) for a real client such as the browser; default: inject only. */
  listen?: boolean;
}

export function testSettings(env: Record<string, string> = {}): Settings {
  return loadSettings({
    CASUS_ENV: 'test',
    CASUS_LOG_LEVEL: 'silent',
    CASUS_MIGRATE_ON_START: 'false',
    HOST: '127.0.0.1',
    PORT: '0',
    ...env,
  });
}

export type TestSystem = RunningSystem & { app: NonNullable<RunningSystem['app']> };

export async function build(t: Pick<TestContext, 'after'>, options: BuildOptions = {}): Promise<TestSystem> {
  const settings = testSettings(options.env);
  const system = await startSystem({
    settings,
    log: options.log ?? createLogger({ level: (process.env.CASUS_TEST_LOG_LEVEL as 'silent' | undefined) ?? 'silent' }),
    http: true,
    listen: options.listen ?? false,
    worker: options.worker ?? false,
    target: options.target ?? (await testDatabase()),
    ...(options.modules ? { modules: options.modules } : {}),
  });
  t.after(async () => {
    const stopping = system.stop();
    // A browser still open (tests usually launch it after the system, so its after-hook runs later) may
    // hold a connection on which no request has come yet: not idle to Node, so the server would wait for
    // its headers timeout (a minute) before it closes. The test is over: close what is left after a second.
    const straggler = options.listen ? setTimeout(() => system.app?.server.closeAllConnections(), 1000) : null;
    try {
      await stopping;
    } finally {
      if (straggler) clearTimeout(straggler);
    }
  });
  return system as TestSystem;
}
