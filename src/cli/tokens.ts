// `casus tokens create|list|revoke`: API tokens for service accounts, from the command line, for the
// first integration before anyone can sign in and for operations scripts. It connects like the server
// (the application role, with the actor sealed) and acts as the system actor `cli:tokens`; the audit
// trail records it with the operating-system user who ran it. A created token goes to stdout and
// nowhere else (so `casus tokens create ... > file` captures only the secret); messages go to stderr.
import { Option, type Command } from 'commander';
import type { Settings } from '../kernel/config.ts';
import { AppError } from '../kernel/errors.ts';
import type { Tx } from '../kernel/db/database.ts';
import { cliContext, cliLogger, withAppDatabase } from './connections.ts';
import {
  createServiceAccount,
  describeUnits,
  issueToken,
  listAllTokens,
  listServiceAccounts,
  revokeToken,
  DEFAULT_TOKEN_DAYS,
  MAX_TOKEN_DAYS,
} from '../modules/identity/index.ts';
import { formatTable } from './table.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Runs `work` in one transaction as the system actor on the configured database; always disconnects. */
function asSystem<T>(settings: Settings, work: (tx: Tx) => Promise<T>): Promise<T> {
  return withAppDatabase(settings, cliLogger(settings), (db) => db.transaction(cliContext('cli:tokens'), work), 1, 'authentication');
}

/** An AppError's detail and field errors as one line for the terminal. */
function plain(error: unknown): Error {
  if (!(error instanceof AppError)) return error as Error;
  const fields = (error.errors ?? []).map((e) => `${e.pointer.replace(/^\/body\//, '')}: ${e.detail}`);
  return new Error([error.detail ?? error.title, ...fields].join(' '));
}

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw plain(error);
  }
}

interface CreateOptions {
  account: string;
  name: string;
  expiresDays: string;
  role: string[];
  createAccount?: boolean;
  unit?: string;
  displayName?: string;
  reason: string;
}

async function create(settings: Settings, options: CreateOptions): Promise<void> {
  const days = Number(options.expiresDays);
  if (!Number.isInteger(days) || days < 1 || days > MAX_TOKEN_DAYS)
    throw new Error(`--expires-days must be a whole number from 1 to ${MAX_TOKEN_DAYS}`);
  if (options.createAccount && (!options.unit || !options.displayName))
    throw new Error('--create-account needs --unit <unitCode> and --display-name <text>');
  const result = await guarded(() =>
    asSystem(settings, async (tx) => {
      const existing = await tx.db
        .selectFrom('app_user')
        .select(['id', 'kind'])
        .where('username', '=', options.account.trim().toLowerCase())
        .executeTakeFirst();
      let accountId: string;
      let created = false;
      if (options.createAccount) {
        if (existing)
          throw new Error(`an account named ${options.account} exists already: leave out --create-account to issue a token for it`);
        const unit = await tx.db.selectFrom('org_unit').select('id').where('code', '=', options.unit!).executeTakeFirst();
        if (!unit) throw new Error(`no organisational unit with code ${options.unit}`);
        accountId = (
          await createServiceAccount(tx, {
            username: options.account,
            displayName: options.displayName!,
            unitId: unit.id,
            reason: options.reason,
          })
        ).id;
        created = true;
      } else {
        if (!existing || existing.kind !== 'service')
          throw new Error(
            `no service account named ${options.account} (add --create-account --unit <unitCode> --display-name <text> to create it)`,
          );
        accountId = existing.id;
      }
      let roleIds: string[] | null = null;
      if (options.role.length > 0) {
        const roles = await tx.db.selectFrom('role').select(['id', 'key']).where('key', 'in', options.role).execute();
        const unknown = options.role.filter((key) => !roles.some((r) => r.key === key));
        if (unknown.length > 0) throw new Error(`no role with key ${unknown.join(', ')}`);
        roleIds = roles.map((r) => r.id);
      }
      const issued = await issueToken(tx, {
        accountId,
        name: options.name,
        expiresAt: new Date(Date.now() + days * 86_400_000),
        roleIds,
        reason: options.reason,
      });
      // Say what the token reaches now (the audit event records the same): the operator's check is not the API's.
      const roles = new Map((await tx.db.selectFrom('role').select(['id', 'key', 'name']).execute()).map((r) => [r.id, r.key ?? r.name]));
      const units = await describeUnits(
        tx,
        issued.reach.map((r) => r.unitId),
      );
      return {
        issued,
        created,
        reach: issued.reach.map((r) => `${roles.get(r.roleId) ?? r.roleId} in ${units.get(r.unitId)?.code ?? r.unitId}`),
      };
    }),
  );
  process.stderr.write(
    `${result.created ? `Created service account ${options.account}.\n` : ''}Issued token ${result.issued.id} (${result.issued.prefix}…) for ${options.account}, valid until ${result.issued.expiresAt.toISOString()}.\n`,
  );
  if (result.reach.length === 0)
    process.stderr.write(`Note: ${options.account} holds no roles yet, so the token may do nothing: grant the account roles first.\n`);
  else
    process.stderr.write(
      `It acts with: ${result.reach.join(', ')}${result.issued.roleIds === null ? ', and with any role the account is granted later' : ''}.\n`,
    );
  process.stderr.write('Store the token now (below, on stdout): it is not stored and will not be shown again.\n');
  process.stdout.write(`${result.issued.token}\n`);
}

async function list(settings: Settings, options: { account?: string; json?: boolean }): Promise<void> {
  const tokens = await guarded(() =>
    asSystem(settings, async (tx) => {
      if (options.account && (await listServiceAccounts(tx, { username: options.account })).length === 0)
        throw new Error(`no service account named ${options.account}`);
      return listAllTokens(tx, options.account ? { username: options.account } : {});
    }),
  );
  if (options.json) {
    const items = tokens.map((t) => ({
      id: t.id,
      account: t.username,
      accountId: t.accountId,
      name: t.name,
      prefix: t.prefix,
      status: t.status,
      roleIds: t.roleIds,
      createdAt: t.createdAt.toISOString(),
      createdBy: t.createdBy,
      expiresAt: t.expiresAt.toISOString(),
      lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
      revokedAt: t.revokedAt?.toISOString() ?? null,
      revokeReason: t.revokeReason,
    }));
    process.stdout.write(`${JSON.stringify({ tokens: items }, null, 2)}\n`);
    return;
  }
  const day = (d: Date | null) => (d ? d.toISOString().slice(0, 16).replace('T', ' ') : '-');
  process.stdout.write(
    formatTable(
      ['id', 'account', 'name', 'prefix', 'status', 'expires (UTC)', 'last used (UTC)'],
      tokens.map((t) => [t.id, t.username, t.name, t.prefix, t.status, day(t.expiresAt), day(t.lastUsedAt)]),
    ),
  );
  process.stdout.write(`${tokens.length} token(s); ${tokens.filter((t) => t.status === 'active').length} active.\n`);
}

async function revoke(settings: Settings, tokenId: string, options: { reason: string }): Promise<void> {
  if (!UUID.test(tokenId)) throw new Error(`${tokenId} is not a token id (a UUID, as \`casus tokens list\` shows)`);
  const revoked = await guarded(() =>
    asSystem(settings, (tx) => revokeToken(tx, tokenId, options.reason)).catch((error: unknown) => {
      throw error instanceof AppError && error.status === 404 ? new Error(`no token ${tokenId}`) : error;
    }),
  );
  process.stderr.write(revoked ? `Revoked token ${tokenId}.\n` : `Token ${tokenId} was revoked already.\n`);
}

/** Adds `casus tokens create|list|revoke` to the program. */
export function registerTokenCommands(program: Command, settingsOrExit: () => Settings): void {
  const tokens = program
    .command('tokens')
    .description(
      'Issue, list and revoke API tokens of service accounts (chain partners, operations). Uses the configured database as the system actor.',
    );
  tokens
    .command('create')
    .description('Issue an API token for a service account and print it once on stdout (everything else goes to stderr).')
    .requiredOption('--account <username>', 'the service account')
    .requiredOption('--name <name>', 'what will use the token, e.g. "BVH koppeling productie"')
    .addOption(
      new Option('--expires-days <days>', `days until the token expires (1-${MAX_TOKEN_DAYS})`).default(String(DEFAULT_TOKEN_DAYS)),
    )
    .option(
      '--role <roleKey>',
      'limit the token to this role of the account (repeat for more); default: all its roles',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option('--create-account', 'create the service account first (needs --unit and --display-name)')
    .option('--unit <unitCode>', 'organisational unit of a new account')
    .option('--display-name <text>', 'display name of a new account')
    .requiredOption('--reason <text>', 'why: kept in the audit trail')
    .action((options: CreateOptions) => create(settingsOrExit(), options));
  tokens
    .command('list')
    .description('List API tokens with prefix, status, expiry and last use (never the tokens themselves).')
    .option('--account <username>', "only this service account's tokens")
    .option('--json', 'print JSON instead of a table')
    .action((options: { account?: string; json?: boolean }) => list(settingsOrExit(), options));
  tokens
    .command('revoke')
    .description('Revoke an API token now; its next request is refused.')
    .argument('<tokenId>', "the token's id, as `casus tokens list` shows")
    .requiredOption('--reason <text>', 'why: kept in the audit trail')
    .action((tokenId: string, options: { reason: string }) => revoke(settingsOrExit(), tokenId, options));
}
