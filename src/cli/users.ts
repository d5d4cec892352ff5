// `casus users bootstrap-admin`: a one-time link that creates an administrator (first run, or when
// every administrator is locked out). It needs the owner database login, i.e. whoever runs it already
// controls the data; the link is printed on stdout and works once, for 24 hours.
import type { Settings } from '../kernel/config.ts';
import { withClient } from '../kernel/db/client.ts';
import type { DatabaseTarget } from '../kernel/db/target.ts';
import { createSetupLink, executeOn, hasAdministrator, setupBanner } from '../modules/identity/index.ts';

export async function bootstrapAdmin(settings: Settings, target: DatabaseTarget): Promise<void> {
  await withClient(target.ownerUrl, async (client) => {
    const execute = executeOn(client);
    if (await hasAdministrator(execute))
      process.stderr.write('Note: an administrator already exists; this link creates an additional one.\n');
    process.stdout.write(setupBanner(await createSetupLink(execute, settings, 'cli:bootstrap-admin')));
  });
}
