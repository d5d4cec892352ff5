// The 5xx answers to bad input of issue 9 (item 16), through the real modules: page cursors with
// impossible dates, a NUL in a query parameter, a date of birth before 1890 (the table's check), a
// contact moment before 2000 (likewise). Each is a 400 problem+json naming the field, and changes
// nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { build } from '../helpers/build.ts';
import { adminQuery } from '../helpers/database.ts';
import { createUnit, createUser, grantRole, signIn } from '../helpers/identity.ts';
import { modules } from '../../src/app/modules.ts';
import { encodeCursor } from '../../src/kernel/http/cursor.ts';

function refused(response: LightMyRequestResponse, pointer: string): void {
  assert.equal(response.statusCode, 400, response.body);
  assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
  assert.ok(
    response.json<{ errors?: { pointer: string }[] }>().errors?.some((e) => e.pointer === pointer),
    `names ${pointer}: ${response.body}`,
  );
}

const cursor = (at: string) => encodeCursor({ at, id: '5b0f0c3e-4a7d-4c1e-9a51-2f8e7a1f3b6d' });

test('bad input to the case, person and contact routes is a 400 naming the field, and changes nothing', async (t) => {
  const system = await build(t, { modules, env: { CASUS_AUTH_ATTEMPTS_PER_IP: '100000' } });
  const team = await createUnit(system, 'bad-input-team', 'team');
  const worker = await createUser(system, 'bad-input-worker', { unitCode: 'bad-input-team' });
  await grantRole(system, worker.id, 'case-worker', 'bad-input-team');
  const session = await signIn(system, worker);
  const count = async (table: string) =>
    Number((await adminQuery<{ n: string }>(system.target.ownerUrl, `select count(*) as n from ${table}`)).rows[0]!.n);

  for (const list of ['/api/v1/cases?view=all', '/api/v1/tasks?view=mine', '/api/v1/referrals?view=all', '/api/v1/incidents?limit=10']) {
    for (const at of ['2026-02-30T10:00:00.000000Z', '0000-01-01T00:00:00.000000Z'])
      refused(await session.request('GET', `${list}&after=${cursor(at)}`), '/query/after');
  }
  refused(await session.request('GET', '/api/v1/cases?view=all&caseTypeKey=%00'), '/query/caseTypeKey');

  const persons = await count('person');
  for (const dateOfBirth of ['1889-12-31', '1890-01-01', '0000-01-01']) {
    refused(
      await session.request('POST', '/api/v1/persons', { achternaam: 'Oud', dateOfBirth, confirmNoDuplicate: true }),
      '/body/dateOfBirth',
    );
  }
  assert.equal(await count('person'), persons, 'no person was registered');
  const person = await session.request('POST', '/api/v1/persons', {
    achternaam: 'Oud',
    dateOfBirth: '1890-01-02',
    confirmNoDuplicate: true,
  });
  assert.equal(person.statusCode, 201, person.body);

  const opened = await session.request('POST', '/api/v1/cases', { owningUnitId: team });
  assert.equal(opened.statusCode, 201, opened.body);
  const moments = await count('contact_moment');
  refused(
    await session.request('POST', `/api/v1/cases/${opened.json<{ id: string }>().id}/contact-moments`, {
      channel: 'phone',
      direction: 'outbound',
      outcome: 'reached',
      summary: 'Called',
      occurredAt: '1999-12-31T12:00:00Z',
    }),
    '/body/occurredAt',
  );
  assert.equal(await count('contact_moment'), moments, 'no contact moment was logged');
});
