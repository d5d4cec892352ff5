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
  /** Authentication login (identity, sessions, grants); when it is the owner login, `authSetRole` names the role. */
  authUrl: string;
  authSetRole: string | null;
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
  const { url, appUrl, appRole, authUrl, authRole } = settings.database;
  if (url) {
    return {
      ownerUrl: url,
      appUrl: appUrl ?? url,
      setRole: appUrl ? null : appRole,
      authUrl: authUrl ?? url,
      authSetRole: authUrl ? null : authRole,
      embedded: null,
      describe: redactUrl(url),
      release: async () => undefined,
    };
  }
  const embedded = await startEmbeddedPostgres({
    dataDir: settings.dataDir,
    appRole,
    authRole,
    runtimeDir: settings.embeddedRuntimeDir,
    log,
  });
  return {
    ownerUrl: embedded.ownerUrl,
    appUrl: embedded.appUrl,
    setRole: null,
    authUrl: embedded.authUrl,
    authSetRole: null,
    embedded,
    describe: `embedded PostgreSQL on 127.0.0.1:${embedded.port} (${embedded.pgData})`,
    release: () => embedded.stop(),
  };
}
