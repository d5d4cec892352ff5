// `casus audit verify|keys`: the operator's side of the tamper-evident audit trail (ADR 0025).
//
// `verify` recomputes the trail against the newest checkpoint in the witness store, beside a running
// `casus serve` (it connects like the other commands: the application role as the sealed system actor
// `cli:audit-verify`, to the embedded PostgreSQL serve started or to DATABASE_URL), in one read-only
// transaction: it reads with SELECT only and writes nothing, not even its own run (the scheduled job
// records its runs). Exit 0 only when the trail verifies; 1 when it does not; 2 when it could not be
// verified (the database or the witness store unreachable, a bad setting).
//
// `keys` prints the public keys checkpoints are signed with, as signed-note verifier keys: give them to
// whoever checks checkpoints outside Casus, and keep a retired one in CASUS_AUDIT_VERIFIER_KEYS.
import type { Command } from 'commander';
import type { Settings } from '../kernel/config.ts';
import { auditKeys, describeReport, verifyTrail, witnessFromSettings } from '../modules/audit/index.ts';
import { cliContext, cliLogger, withAppDatabase } from './connections.ts';
import { formatTable } from './table.ts';

async function verify(settings: Settings, options: { fromStart?: boolean; json?: boolean }): Promise<void> {
  const witness = witnessFromSettings(settings.audit.witness);
  try {
    const keys = auditKeys(settings);
    const report = await withAppDatabase(
      settings,
      cliLogger(settings),
      (db) => verifyTrail(db, { mode: options.fromStart ? 'full' : 'incremental', keys, witness, actor: cliContext('cli:audit-verify') }),
      1,
    );
    process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : describeReport(report));
    process.exitCode = report.ok ? 0 : 1;
  } catch (error) {
    process.stderr.write(`casus audit verify: the trail could not be verified: ${(error as Error).message}\n`);
    process.exitCode = 2;
  } finally {
    witness?.close();
  }
}

function keys(settings: Settings, options: { json?: boolean }): void {
  const { listed, origin } = auditKeys(settings);
  if (options.json) {
    const keys = listed.map((k) => ({
      verifierKey: k.verifier.verifierKey,
      name: k.verifier.name,
      keyId: k.verifier.keyId,
      active: k.active,
      source: k.source,
    }));
    process.stdout.write(`${JSON.stringify({ origin, keys }, null, 2)}\n`);
    return;
  }
  process.stdout.write(`Checkpoints of ${origin} are signed with the active key; any key listed verifies them.\n`);
  process.stdout.write(
    formatTable(
      ['verifier key', 'signs', 'from'],
      listed.map((k) => [k.verifier.verifierKey, k.active ? 'yes' : 'no', k.source]),
    ),
  );
}

/** Adds `casus audit verify|keys` to the program. */
export function registerAuditCommands(program: Command, settingsOrExit: () => Settings): void {
  const audit = program
    .command('audit')
    .description('The tamper-evident audit trail: verify it against its signed checkpoints, and print the keys that sign them.');
  audit
    .command('verify')
    .description(
      'Recompute the sealed audit trail against the newest signed checkpoint in the witness store and report the first bad position. By default from where the last scheduled verification succeeded (and the whole trail for deleted or inserted events); exit 0 only when the trail verifies.',
    )
    .option('--from-start', 'rehash every event from leaf 0 (or the retention boundary), as the nightly verification does')
    .option('--json', 'print the report as JSON')
    .action((options: { fromStart?: boolean; json?: boolean }) => verify(settingsOrExit(), options));
  audit
    .command('keys')
    .description(
      'Print the public keys that sign (and verify) the audit checkpoints, as signed-note verifier keys (<name>+<key id>+<key>).',
    )
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) => keys(settingsOrExit(), options));
}
