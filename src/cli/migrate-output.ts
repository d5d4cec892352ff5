import type { MigrationState } from '../kernel/db/migrator.ts';
import { formatTable } from './table.ts';

export function printMigrationTable(states: MigrationState[]): void {
  const rows = states.map((s) => [s.module, s.name, s.state, s.appliedAt ? s.appliedAt.toISOString() : '']);
  process.stdout.write(formatTable(['module', 'migration', 'state', 'applied at'], rows));
  const pending = states.filter((s) => s.state === 'pending').length;
  process.stdout.write(pending === 0 ? 'Migrations are current.\n' : `${pending} pending: run \`casus migrate up\`.\n`);
}
