// "Who looked at this client": the privacy officer (audit.subject-views at the root) sees every read and
// change of any client, list reads and merged duplicates included (granted in one team: only the clients
// she may see there); the worker on the client's case sees
// what was done with the client herself and in her own case, not a colleague's work on another
// (shielded) case of the same client; a volunteer, a team lead who does not work on the case and anyone
// who cannot see the client are refused (404 when not visible). Every view, and every refusal, is audited.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adminQuery } from '../../../../test/helpers/database.ts';
import { openCase, shield, team } from '../../../../test/helpers/fixtures.ts';
import { buildIdentity, type IdentitySystem } from '../../../../test/helpers/identity.ts';
import { createCasesModule } from '../../cases/index.ts';
import { createContactsModule } from '../../contacts/index.ts';
import { createPersonsModule } from '../../persons/index.ts';
import { createAuditModule } from '../index.ts';

interface Access {
  id: string;
  occurredAt: string;
  actor: { kind: string; id: string | null; displayName: string | null };
  action: string;
  objectType: string;
  objectId: string | null;
  result: string;
  listed: boolean;
}

const REASON = 'Subject view test: duplicate registration';

async function scene(t: Parameters<typeof buildIdentity>[0]) {
  const system = await buildIdentity(t, {
    extra: [createCasesModule(), createPersonsModule(), createContactsModule(), createAuditModule()],
  });
  const a = await team(system);
  const b = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const lead = await a.user('lead', ['team-lead']);
  const idleLead = await a.user('idle-lead', ['team-lead']);
  const volunteer = await a.user('volunteer', [], 'volunteer');
  const stranger = await b.user('stranger', 'case-worker');
  const privacy = await a.user('privacy', 'privacy-officer', 'staff', 'national');
  // The worker's case for the client.
  const own = await openCase(system, worker, a.unit, { client: `Subjectclient${a.n}` });
  const client = own.clientId;
  const assigned = await lead.session.request('POST', `/api/v1/cases/${own.id}/assignments`, { userId: volunteer.id, role: 'volunteer' });
  assert.equal(assigned.statusCode, 200, assigned.body);
  // The lead's other, shielded case of the same client, and her work in it.
  const other = await lead.session.request('POST', '/api/v1/cases', {
    owningUnitId: a.unit,
    participants: [{ personId: client, role: 'victim', primaryClient: true }],
  });
  assert.equal(other.statusCode, 201, other.body);
  const otherId = other.json<{ id: string }>().id;
  await shield(system, otherId);
  const contact = await lead.session.request('POST', `/api/v1/cases/${otherId}/contact-moments`, {
    channel: 'visit',
    direction: 'outbound',
    outcome: 'reached',
    summary: 'Opvang besproken.',
    personId: client,
  });
  assert.equal(contact.statusCode, 201, contact.body);
  // The lead lists her team's cases (the client shown in a list), reads the client.
  assert.equal((await lead.session.request('GET', `/api/v1/cases?view=team&unitId=${a.unit}`)).statusCode, 200);
  assert.equal((await lead.session.request('GET', `/api/v1/persons/${client}`)).statusCode, 200);
  return {
    system,
    a,
    worker,
    lead,
    idleLead,
    volunteer,
    stranger,
    privacy,
    b,
    own,
    client,
    otherId,
    contactId: contact.json<{ id: string }>().id,
  };
}

const accesses = async (
  session: { request: (m: string, u: string) => Promise<{ statusCode: number; body: string; json<T>(): T }> },
  personId: string,
  query = '',
) => {
  const response = await session.request('GET', `/api/v1/audit/persons/${personId}/accesses${query}`);
  return {
    status: response.statusCode,
    body: response.body,
    page: response.statusCode === 200 ? response.json<{ items: Access[]; next: string | null }>() : null,
  };
};

const viewEvents = (system: IdentitySystem, actorId: string) =>
  adminQuery<{ result: string; data_subject_id: string; object_ids: string[] | null; details: Record<string, unknown> }>(
    system.target.ownerUrl,
    `select result, data_subject_id, object_ids, details from audit_event where action = 'audit.subject-view' and actor_id = $1 order by id`,
    [actorId],
  ).then((r) => r.rows);

test('the worker on the client’s case sees the client’s own trail and her case’s, not a colleague’s shielded case', async (t) => {
  const { system, worker, lead, privacy, own, client, otherId, contactId } = await scene(t);
  const seen = await accesses(worker.session, client);
  assert.equal(seen.status, 200, seen.body);
  const items = seen.page!.items;
  const line = (e: Access) => `${e.action} ${e.objectType}:${e.objectId} by ${e.actor.displayName}`;
  assert.ok(
    items.some((e) => e.action === 'person.read' && e.actor.id === lead.id),
    items.map(line).join('\n'),
  );
  assert.ok(items.some((e) => e.action === 'case.create' && e.objectId === own.id && e.actor.displayName === `User ${worker.username}`));
  assert.ok(!items.some((e) => e.objectId === otherId || e.objectId === contactId), 'nothing of the other case');
  assert.ok(!items.some((e) => e.listed), 'list reads carry no case of hers');
  assert.deepEqual(
    items.map((e) => e.occurredAt),
    [...items.map((e) => e.occurredAt)].sort().reverse(),
  );
  const [view] = await viewEvents(system, worker.id);
  assert.equal(view!.result, 'success');
  assert.equal(view!.data_subject_id, client);
  assert.deepEqual(
    view!.object_ids,
    items.map((e) => e.id),
  );
  assert.deepEqual(view!.details, { via: 'worker', count: items.length, page: false, mergedPersons: 0 });

  // An investigation of the client's trail (perhaps of her own looking) stays out of the worker's sight.
  await adminQuery(
    system.target.ownerUrl,
    `insert into case_access_grant (case_id, user_id, kind, reason, granted_by) values ($1, $2, 'explicit', 'investigation', $2)`,
    [own.id, privacy.id],
  );
  assert.equal((await accesses(privacy.session, client)).status, 200);
  const again = (await accesses(worker.session, client)).page!.items;
  assert.ok(!again.some((e) => e.action.startsWith('audit.')), again.map(line).join('\n'));
  assert.ok(again.some((e) => e.action === 'person.read'));
});

test('the privacy officer at the root sees everything about any client: other cases, list reads, merged duplicates', async (t) => {
  const { system, lead, privacy, own, client, otherId, contactId, b } = await scene(t);
  // Granted in one team, audit.subject-views opens only the persons she may see there: an id alone shows nothing.
  const teamPrivacy = await b.user('team-privacy', 'privacy-officer');
  const hidden = await accesses(teamPrivacy.session, client);
  assert.equal(hidden.status, 404, 'a client she may not see is not found');
  assert.deepEqual(
    (await viewEvents(system, teamPrivacy.id)).map((e) => [e.result, e.data_subject_id, e.details.answer]),
    [['denied', client, 'not-found']],
  );
  // At the root she answers data-subject requests for the whole organisation: no case of the client is hers.
  assert.equal((await privacy.session.request('GET', `/api/v1/cases/${own.id}`)).statusCode, 404, 'she does not see the case');
  // A duplicate of the client, read and then merged into her.
  const duplicate = await lead.session.request('POST', '/api/v1/persons', { achternaam: 'Dubbelganger', confirmNoDuplicate: true });
  const duplicateId = duplicate.json<{ id: string }>().id;
  assert.equal((await lead.session.request('GET', `/api/v1/persons/${duplicateId}`)).statusCode, 200);
  await lead.session.request('POST', `/api/v1/cases/${own.id}/participants`, { personId: duplicateId, role: 'witness' });
  const merged = await lead.session.request('POST', `/api/v1/persons/${client}/merge`, { duplicateId, reason: REASON });
  assert.equal(merged.statusCode, 200, merged.body);

  const seen = await accesses(privacy.session, client, '?limit=100');
  assert.equal(seen.status, 200, seen.body);
  const items = seen.page!.items;
  assert.ok(
    items.some((e) => e.objectId === otherId),
    'the shielded case’s events',
  );
  assert.ok(items.some((e) => e.objectId === contactId && e.action === 'contact-moment.create'));
  assert.ok(
    items.some((e) => e.action === 'case.list' && e.listed && e.actor.id === lead.id),
    'the team list that showed her',
  );
  assert.ok(
    items.some((e) => e.action === 'person.read' && e.objectId === duplicateId),
    'the duplicate’s reads',
  );
  const views = await viewEvents(system, privacy.id);
  assert.deepEqual(views.at(-1)!.details, { via: 'holder', count: items.length, page: false, mergedPersons: 1 });

  // Page by page, the same events.
  const paged: string[] = [];
  let after: string | null = null;
  do {
    const page = await accesses(privacy.session, client, `?limit=3${after ? `&after=${after}` : ''}`);
    assert.equal(page.status, 200, page.body);
    paged.push(...page.page!.items.map((e) => e.id));
    after = page.page!.next;
  } while (after);
  // The first view itself names the client, and is newer than what it showed.
  assert.deepEqual(
    paged.slice(1),
    items.map((e) => e.id),
  );
});

test('a volunteer, a team lead not on the case and another team are refused; each refusal is audited', async (t) => {
  const { system, volunteer, idleLead, stranger, client } = await scene(t);
  const forVolunteer = await accesses(volunteer.session, client);
  assert.equal(forVolunteer.status, 403, forVolunteer.body);
  assert.equal((await accesses(idleLead.session, client)).status, 403, 'she sees the client (her unit) but works on no case of hers');
  assert.equal((await accesses(stranger.session, client)).status, 404);
  assert.equal((await accesses(stranger.session, '00000000-0000-4000-8000-000000000000')).status, 404);
  for (const [who, answer] of [
    [volunteer.id, 'forbidden'],
    [idleLead.id, 'forbidden'],
    [stranger.id, 'not-found'],
  ] as const) {
    const rows = await viewEvents(system, who);
    assert.equal(rows[0]?.result, 'denied');
    assert.equal(rows[0]?.details.answer, answer);
  }
  const bad = await accesses(volunteer.session, client, '?after=nonsense');
  assert.equal(bad.status, 400);
  assert.equal((await accesses(volunteer.session, 'not-a-uuid')).status, 400);
});
