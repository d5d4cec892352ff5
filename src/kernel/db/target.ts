// Which PostgreSQL to use: DATABASE_URL when set, otherwise the embedded one under CASUS_DATA_DIR.
// Nothing else differs between the two.
import type { Settings } from '../config.ts';
import type { Logger } from '../observability/logger.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded.ts';

export interface DatabaseTarget {
  /** Owner login: migrations and the job queue. */
  ownerUrl: string;
  /** Application login; when it is the owner login, `setRole` names the role to switch to. */
  appUrl: string;
  setRole: string | null;
  embedded: EmbeddedPostgres | null;
  describe: string;
  release(): Promise<void>;
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

export async function resolveDatabaseTarget(settings: Settings, log: Logger): Promise<DatabaseTarget> {
  const { url, appUrl, appRole } = settings.database;
  if (url) {
    return {
      ownerUrl: url,
      appUrl: appUrl ?? url,
      setRole: appUrl ? null : appRole,
      embedded: null,
      describe: redactUrl(url),
      release: async () => undefined,
    };
  }
  const embedded = await startEmbeddedPostgres({ dataDir: settings.dataDir, appRole, log });
  return {
    ownerUrl: embedded.ownerUrl,
    appUrl: embedded.appUrl,
    setRole: null,
    embedded,
    describe: `embedded PostgreSQL on 127.0.0.1:${embedded.port} (${settings.dataDir}/pg)`,
    release: () => embedded.stop(),
  };
}
