import type { MigrationState } from '../kernel/db/migrator.ts';

export function printMigrationTable(states: MigrationState[]): void {
  const rows = states.map((s) => [s.module, s.name, s.state, s.appliedAt ? s.appliedAt.toISOString() : '']);
  const header = ['module', 'migration', 'state', 'applied at'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  process.stdout.write(`${[line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')}\n`);
  const pending = states.filter((s) => s.state === 'pending').length;
  process.stdout.write(pending === 0 ? 'Migrations are current.\n' : `${pending} pending: run \`casus migrate up\`.\n`);
}
