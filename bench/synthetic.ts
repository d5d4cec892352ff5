// How fast the demo-data generators are, without a database: persons, events, referrals, cases with
// their contact moments and tasks, and the COPY encoding of persons. Run with
//   node bin/node-ts.js bench/synthetic.ts [--persons N] [--seed S]
// Prints rows per second per generator; it asserts nothing (timings depend on the machine and load).
import { parseArgs } from 'node:util';
import { createDemoContext } from '../src/tools/demo-data/context.ts';
import { createRowEncoder } from '../src/tools/demo-data/copy-writer.ts';
import { generatePerson } from '../src/tools/demo-data/dutch.ts';
import { generateEvent } from '../src/tools/demo-data/events.ts';
import { generateCase, generateContactMoments, generateReferral, generateTasks } from '../src/tools/demo-data/casework.ts';

const { values } = parseArgs({ options: { persons: { type: 'string', default: '1000000' }, seed: { type: 'string', default: 'bench' } } });
const persons = Number(values.persons);
if (!Number.isInteger(persons) || persons < 1 || persons > 20_000_000) {
  process.stderr.write('--persons must be a whole number from 1 to 20,000,000\n');
  process.exit(64);
}
const ctx = createDemoContext({ seed: values.seed, now: new Date('2026-06-01T00:00:00Z') });

// Keeps the optimiser from dropping work whose result is unused.
let sink = 0;

function measure(label: string, work: () => number): void {
  const started = performance.now();
  const produced = work();
  const seconds = (performance.now() - started) / 1000;
  const line = `${label.padEnd(34)} ${produced.toLocaleString('en-US').padStart(12)} rows  ${seconds.toFixed(2).padStart(7)} s  ${Math.round(
    produced / seconds,
  )
    .toLocaleString('en-US')
    .padStart(12)} rows/s`;
  process.stdout.write(`${line}\n`);
}

measure(`persons (${persons.toLocaleString('en-US')})`, () => {
  for (let i = 0; i < persons; i++) sink += generatePerson(ctx, i).name.achternaam.length;
  return persons;
});

const encode = createRowEncoder(
  [
    'bsn',
    'voornamen',
    'roepnaam',
    'voorvoegsel',
    'achternaam',
    'dob',
    'phones',
    'emails',
    'postcode',
    'huisnummer',
    'toevoeging',
    'street',
    'city',
    'language',
    'interpreter',
    'vulnerabilities',
  ].map((name) => ({ name })),
);
measure('persons + COPY encoding', () => {
  for (let i = 0; i < persons; i++) {
    const p = generatePerson(ctx, i);
    const a = p.address;
    sink += encode([
      p.bsn,
      p.name.voornamen,
      p.name.roepnaam,
      p.name.voorvoegsel,
      p.name.achternaam,
      p.dateOfBirth,
      p.phones.map((x) => x.number),
      p.emails,
      a?.postcode,
      a?.huisnummer,
      a?.huisnummerToevoeging,
      a?.street,
      a?.woonplaats,
      p.preferredLanguage,
      p.interpreterNeeded,
      p.vulnerabilities,
    ]).length;
  }
  return persons;
});

measure('events', () => {
  for (let i = 0; i < persons; i++) sink += generateEvent(ctx, i).description.length;
  return persons;
});

const cases = Math.min(persons, 200_000);
measure(`referrals + cases (${cases.toLocaleString('en-US')})`, () => {
  for (let i = 0; i < cases; i++) {
    const referral = generateReferral(ctx, i);
    sink += generateCase(ctx, i, { openedAt: referral.receivedAt }).contactCount;
  }
  return cases * 2;
});

measure('contact moments + tasks', () => {
  let rows = 0;
  for (let i = 0; i < cases; i++) {
    const c = generateCase(ctx, i);
    rows += generateContactMoments(ctx, i, c.contactCount, c).length + generateTasks(ctx, i, c.taskCount, c).length;
  }
  return rows;
});

process.stdout.write(`(checksum ${sink % 1000})\n`);
