// One-off connections for tooling (doctor, embedded start-up, test and bench set-up): connect, do the
// work, always disconnect. Request handling never uses these; it uses the pools in database.ts.
import pg from 'pg';

export async function withClient<T>(
  connectionString: string,
  work: (client: pg.Client) => Promise<T>,
  applicationName = 'casus-tool',
): Promise<T> {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 10_000, application_name: applicationName });
  client.on('error', () => undefined); // a server going away mid-call surfaces as the query's rejection
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export function queryOnce<T extends pg.QueryResultRow = pg.QueryResultRow>(
  connectionString: string,
  text: string,
  values: unknown[] = [],
): Promise<pg.QueryResult<T>> {
  return withClient(connectionString, (client) => client.query<T>(text, values));
}
