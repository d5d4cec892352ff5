// The processing register as the privacy officer and the auditors use it: the register Casus ships,
// read by holders of a privacy or audit permission only; added to, changed and retired by the privacy
// officer, each change with its history (who, when, which fields, before and after) and its audit
// event; every audit action with exactly one activity (a more specific pattern wins over a prefix, a
// pattern another activity covers is refused, an activity still covering actions does not retire);
// and the database holding the same line for SQL through the application's login.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { adminQuery } from '../../../../test/helpers/database.ts';
import { actorOf, team } from '../../../../test/helpers/fixtures.ts';
import { buildIdentity, type IdentitySystem } from '../../../../test/helpers/identity.ts';
import { createAuditModule } from '../../audit/index.ts';
import { createPrivacyModule, processingActivityIdFor, processingActivityResolver } from '../index.ts';

const URL = '/api/v1/privacy/processing-activities';
const build = (t: Parameters<typeof buildIdentity>[0]) => buildIdentity(t, { extra: [createAuditModule(), createPrivacyModule()] });

/** A role with these permissions, over the owner login (the audit module seeds none of its own yet). */
async function roleWith(system: IdentitySystem, key: string, permissions: string[]): Promise<void> {
  const { rows } = await adminQuery<{ id: string }>(
    system.target.ownerUrl,
    `insert into role (key, name, description) values ($1, $1, 'test') returning id`,
    [key],
  );
  for (const p of permissions)
    await adminQuery(system.target.ownerUrl, 'insert into role_permission (role_id, permission) values ($1, $2)', [rows[0]!.id, p]);
}

const NEW = {
  key: 'wetenschappelijk-onderzoek',
  name: 'Wetenschappelijk onderzoek',
  purpose: 'Geanonimiseerde analyses voor onderzoek naar slachtofferhulp.',
  legalBasis: 'consent',
  retention: 'Tot het einde van het onderzoek.',
  controller: 'Slachtofferhulp Nederland',
  dataSubjectCategories: ['Cliënten die toestemming gaven'],
  auditActions: ['research.'],
};

test('the register as shipped: every activity of GDPR art. 30 filled in, read only with a privacy or audit permission', async (t) => {
  const system = await build(t);
  const a = await team(system);
  await roleWith(system, 'test-auditor', ['audit.read']);
  const officer = await a.user('fg', 'privacy-officer');
  const auditor = await a.user('auditor', 'test-auditor');
  const worker = await a.user('worker', 'case-worker');

  const listed = await officer.session.request('GET', URL);
  assert.equal(listed.statusCode, 200, listed.body);
  const items = listed.json<{ items: Record<string, unknown>[] }>().items;
  assert.deepEqual(items.map((i) => i.key).sort(), [
    'aanmelding',
    'audit-trail',
    'contactmomenten',
    'documenten',
    'privacybeheer',
    'schadeverhaal-strafproces',
    'slachtofferhulp',
    'toegangsbeheer',
  ]);
  for (const item of items) {
    for (const field of [
      'name',
      'purpose',
      'legalBasis',
      'legalBasisDetail',
      'retention',
      'controller',
      'dpoContact',
      'thirdCountryTransfers',
    ])
      assert.ok(String(item[field]).length > 5, `${String(item.key)}: ${field}`);
    for (const field of ['dataSubjectCategories', 'personalDataCategories', 'recipients', 'securityMeasures'])
      assert.ok((item[field] as unknown[]).length > 0, `${String(item.key)}: ${field}`);
    assert.equal(item.createdBy, null, 'shipped by a migration');
    assert.deepEqual(item.allowedActions, (item.auditActions as unknown[]).length > 0 ? ['read', 'update'] : ['read', 'update', 'retire']);
  }

  const read = await auditor.session.request('GET', URL);
  assert.equal(read.statusCode, 200);
  assert.ok(read.json<{ items: { allowedActions: string[] }[] }>().items.every((i) => i.allowedActions.join() === 'read'));
  const refused = await worker.session.request('GET', URL);
  assert.equal(refused.statusCode, 403);
  assert.equal(refused.headers['content-type'], 'application/problem+json; charset=utf-8');
  assert.equal((await worker.session.request('GET', `${URL}/${String(items[0]!.id)}`)).statusCode, 403);
  assert.equal((await auditor.session.request('POST', URL, NEW)).statusCode, 403);

  // By action: the activity an audit event belongs to.
  const of = async (action: string) =>
    (await officer.session.request('GET', `${URL}?auditAction=${action}`)).json<{ items: { key: string }[] }>().items.map((i) => i.key);
  assert.deepEqual(await of('person.bsn-reveal'), ['slachtofferhulp']);
  assert.deepEqual(await of('contact-moment.update'), ['contactmomenten']);
  assert.deepEqual(await of('auth.sign-in'), ['toegangsbeheer']);
  assert.deepEqual(await of('weather.report'), []);

  const audited = await adminQuery<{ action: string; actor_id: string }>(
    system.target.ownerUrl,
    `select action, actor_id from audit_event where action like 'privacy.register-%' order by id`,
  );
  assert.deepEqual(
    audited.rows.filter((r) => r.actor_id === officer.id).map((r) => r.action),
    ['privacy.register-list', 'privacy.register-list', 'privacy.register-list', 'privacy.register-list', 'privacy.register-list'],
  );
});

test('the privacy officer adds, changes and retires an activity; the history says who changed which fields when, before and after', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const officer = await a.user('fg', 'privacy-officer');

  const created = await officer.session.request('POST', URL, NEW);
  assert.equal(created.statusCode, 201, created.body);
  const activity = created.json<{ id: string; version: number; auditActions: string[]; status: string; createdBy: string }>();
  assert.equal(created.headers.location, `${URL}/${activity.id}`);
  assert.equal(created.headers.etag, `"processing-activity:${activity.id}:1"`);
  assert.deepEqual([activity.auditActions, activity.status, activity.createdBy], [['research.'], 'active', officer.id]);

  // A pattern another activity covers would give an action two activities; a key or name is one activity's.
  const taken = await officer.session.request('POST', URL, { ...NEW, key: 'ander', name: 'Ander', auditActions: ['person.'] });
  assert.equal(taken.statusCode, 409);
  assert.equal(taken.json().type, 'urn:casus:problem:audit-action-pattern-taken');
  assert.deepEqual(taken.json().patterns, [{ pattern: 'person.', activityKey: 'slachtofferhulp' }]);
  assert.equal(
    (await officer.session.request('POST', URL, { ...NEW, auditActions: [] })).json().type,
    'urn:casus:problem:processing-activity-key-taken',
  );
  assert.equal(
    (await officer.session.request('POST', URL, { ...NEW, key: 'ander', auditActions: [] })).json().type,
    'urn:casus:problem:processing-activity-name-taken',
  );

  // Bad input: a 400 problem naming the field, never a 500.
  for (const body of [
    { ...NEW, key: 'ander-1', name: 'Ander 1', legalBasis: 'because' },
    { ...NEW, key: 'ander-2', name: 'Ander 2', auditActions: ['Person.'] },
    { ...NEW, key: 'Ander', name: 'Ander 3' },
    { ...NEW, key: 'ander-4', name: 'Ander 4', retention: '' },
  ]) {
    const bad = await officer.session.request('POST', URL, body);
    assert.equal(bad.statusCode, 400, JSON.stringify(body));
    assert.equal(bad.headers['content-type'], 'application/problem+json; charset=utf-8');
  }

  // A more specific pattern wins over a prefix: person.bsn-reveal moves to this activity, person.read stays.
  const item = `${URL}/${activity.id}`;
  assert.equal((await officer.session.request('PATCH', item, { purpose: 'Anders.' })).statusCode, 428);
  const changed = await system.app.inject({
    method: 'PATCH',
    url: item,
    headers: { cookie: officer.session.cookie, 'x-csrf-token': officer.session.csrf, 'if-match': `"processing-activity:${activity.id}:1"` },
    payload: { purpose: 'Onderzoek naar wie de BSN inzag.', auditActions: ['research.', 'person.bsn-reveal'] },
  });
  assert.equal(changed.statusCode, 200, changed.body);
  assert.equal(changed.headers.etag, `"processing-activity:${activity.id}:2"`);
  assert.equal((await officer.session.request('PATCH', item, { version: 1, purpose: 'Oud.' })).statusCode, 412);
  const resolved = await system.db.transaction(await actorOf(system, officer.id), async (tx) => ({
    reveal: await processingActivityIdFor(tx, 'person.bsn-reveal'),
    read: await processingActivityIdFor(tx, 'person.read'),
    research: (await processingActivityResolver(tx))('research.survey.sent')?.key,
    nothing: await processingActivityIdFor(tx, 'weather.report'),
  }));
  const slachtofferhulp = (
    await adminQuery<{ id: string }>(system.target.ownerUrl, `select id from processing_activity where key = 'slachtofferhulp'`)
  ).rows[0]!.id;
  assert.deepEqual(resolved, { reveal: activity.id, read: slachtofferhulp, research: 'wetenschappelijk-onderzoek', nothing: null });

  // Retiring: not while it covers audit actions (every event keeps its activity); then kept as it was.
  const retire = (version: number) =>
    officer.session.request('POST', `${item}/retire`, { version, reason: 'Het onderzoek is afgerond in 2026.' });
  assert.equal((await retire(2)).json().type, 'urn:casus:problem:processing-activity-covers-audit-actions');
  assert.equal((await officer.session.request('PATCH', item, { version: 2, auditActions: [] })).statusCode, 200);
  const retired = await retire(3);
  assert.equal(retired.statusCode, 200, retired.body);
  assert.deepEqual(
    [retired.json().status, retired.json().retireReason, retired.json().allowedActions],
    ['retired', 'Het onderzoek is afgerond in 2026.', ['read']],
  );
  assert.equal(
    (await officer.session.request('PATCH', item, { version: 4, purpose: 'Weer.' })).json().type,
    'urn:casus:problem:processing-activity-retired',
  );
  assert.ok(
    !(await officer.session.request('GET', URL)).json<{ items: { id: string }[] }>().items.some((i) => i.id === activity.id),
    'active only by default',
  );
  assert.ok(
    (await officer.session.request('GET', `${URL}?status=retired`))
      .json<{ items: { id: string }[] }>()
      .items.some((i) => i.id === activity.id),
  );

  const history = await officer.session.request('GET', `${item}/history`);
  assert.equal(history.statusCode, 200);
  const entries = history.json<{
    items: {
      version: number;
      change: string;
      changedBy: string;
      changedFields: string[];
      changes: { field: string; from: unknown; to: unknown }[];
    }[];
  }>().items;
  assert.deepEqual(
    entries.map((e) => [e.version, e.change, e.changedBy, e.changedFields]),
    [
      [1, 'create', officer.id, entries[0]!.changedFields],
      [2, 'update', officer.id, ['auditActions', 'purpose']],
      [3, 'update', officer.id, ['auditActions']],
      [4, 'retire', officer.id, ['retireReason', 'retiredAt', 'status']],
    ],
  );
  assert.ok(entries[0]!.changedFields.includes('purpose') && entries[0]!.changedFields.includes('auditActions'));
  assert.deepEqual(
    entries[1]!.changes.find((c) => c.field === 'purpose'),
    {
      field: 'purpose',
      from: NEW.purpose,
      to: 'Onderzoek naar wie de BSN inzag.',
    },
  );
  assert.deepEqual(entries[2]!.changes, [{ field: 'auditActions', from: ['research.', 'person.bsn-reveal'], to: [] }]);

  const audited = await adminQuery<{ action: string; changed_fields: string[] | null; reason: string | null }>(
    system.target.ownerUrl,
    `select action, changed_fields, reason from audit_event where object_id = $1 and action <> 'privacy.register-read' order by id`,
    [activity.id],
  );
  assert.deepEqual(
    audited.rows.map((r) => [r.action, r.changed_fields, r.reason]),
    [
      ['privacy.register-create', audited.rows[0]!.changed_fields, null],
      ['privacy.register-update', ['purpose', 'auditActions'], null],
      ['privacy.register-update', ['auditActions'], null],
      ['privacy.register-retire', ['status'], 'Het onderzoek is afgerond in 2026.'],
      ['privacy.register-history', null, null],
    ],
  );
});

test('SQL through the application role: no history, look-up or stamp of its own, no change without privacy.register-manage', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const officer = await actorOf(system, (await a.user('fg', 'privacy-officer')).id);
  const worker = await actorOf(system, (await a.user('worker', 'case-worker')).id);
  const id = (await adminQuery<{ id: string }>(system.target.ownerUrl, `select id from processing_activity where key = 'aanmelding'`))
    .rows[0]!.id;

  const as = (ctx: typeof officer, statement: ReturnType<typeof sql>) => system.db.transaction(ctx, (tx) => statement.execute(tx.db));
  await assert.rejects(
    as(officer, sql`insert into processing_activity_action (pattern, activity_id) values ('weather.', ${id})`),
    /permission denied/,
  );
  await assert.rejects(
    as(
      officer,
      sql`insert into processing_activity_history (activity_id, version, change, changed_fields, changed_at, snapshot) values (${id}, 9, 'update', '{}', now(), '{}')`,
    ),
    /permission denied/,
  );
  await assert.rejects(as(officer, sql`update processing_activity set created_by = 'someone' where id = ${id}`), /permission denied/);
  await assert.rejects(as(officer, sql`delete from processing_activity where id = ${id}`), /permission denied/);
  const hidden = await system.db.transaction(worker, (tx) =>
    sql<{ n: number }>`select count(*)::int as n from processing_activity`.execute(tx.db),
  );
  assert.equal(hidden.rows[0]!.n, 0, 'not a reader: row-level security shows nothing');
  const untouched = await system.db.transaction(worker, (tx) => sql`update processing_activity set purpose = 'x'`.execute(tx.db));
  assert.equal(Number(untouched.numAffectedRows), 0);

  // The officer's own change through SQL still leaves its history and its stamp from the seal.
  await as(officer, sql`update processing_activity set recipients = array['Het team'], version = version + 1 where id = ${id}`);
  const last = await adminQuery<{ changed_by: string; changed_fields: string[]; updated_by: string }>(
    system.target.ownerUrl,
    `select h.changed_by, h.changed_fields, p.updated_by from processing_activity_history h join processing_activity p on p.id = h.activity_id
      where h.activity_id = $1 order by h.version desc limit 1`,
    [id],
  );
  assert.deepEqual(last.rows[0], { changed_by: officer.actor.id, changed_fields: ['recipients'], updated_by: officer.actor.id });
});
