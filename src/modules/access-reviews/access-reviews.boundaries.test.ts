// Access reviews at their edges: bad input and missing permissions, the report files and their OpenAPI
// description, the migrations down and up. (The campaign's course: access-reviews.test.ts.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adminQuery, emptyDatabase, testEngine } from '../../../test/helpers/database.ts';
import { Migrator } from '../../kernel/db/migrator.ts';
import { createLogger } from '../../kernel/observability/logger.ts';
import { allMigrations } from '../../app/modules.ts';
import { createIdentityModule } from '../identity/index.ts';
import { createUnit, createUser, grantRole, signIn } from '../../../test/helpers/identity.ts';
import { createAccessReviewsModule } from './index.ts';
import { csvField, toCsv, toPdf } from './access-reviews.report.ts';
import { CAMPAIGNS, inDays, MY_ITEMS, q, setup, startCampaign } from '../../../test/helpers/access-reviews.ts';

test('bad input and missing permissions start nothing; campaigns are visible only in their unit', async (t) => {
  const { system } = await setup(t);
  const region = await createUnit(system, 'bad-region', 'region');
  await createUnit(system, 'bad-other', 'region');
  const officer = await createUser(system, 'bad-officer');
  const regional = await createUser(system, 'bad-regional', { unitCode: 'bad-other' });
  const privacy = await createUser(system, 'bad-privacy');
  await grantRole(system, officer.id, 'security-officer');
  await grantRole(system, regional.id, 'security-officer', 'bad-other');
  await grantRole(system, privacy.id, 'privacy-officer');
  const [officerSession, regionalSession, privacySession] = [
    await signIn(system, officer),
    await signIn(system, regional),
    await signIn(system, privacy),
  ];
  const valid = { name: 'Bad input review', scope: 'all', unitId: region, deadline: inDays(10).toISOString(), onMissed: 'escalate' };
  const bad = [
    { ...valid, deadline: new Date(Date.now() - 60_000).toISOString() },
    { ...valid, deadline: inDays(400).toISOString() },
    { ...valid, deadline: 'tomorrow' },
    { ...valid, scope: 'some' },
    { ...valid, onMissed: 'ignore' },
    { ...valid, name: '   ' },
    { ...valid, name: 'x'.repeat(201) },
    { ...valid, unitId: '00000000-0000-4000-8000-000000000000' },
    { ...valid, unitId: 'not-a-uuid' },
    { ...valid, extra: true },
  ];
  for (const body of bad) {
    const response = await officerSession.request('POST', CAMPAIGNS, body);
    assert.equal(response.statusCode, 400, `${JSON.stringify(body)}: ${response.body}`);
    assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
  }
  assert.equal((await privacySession.request('POST', CAMPAIGNS, valid)).statusCode, 403, 'read is not manage');
  assert.equal((await regionalSession.request('POST', CAMPAIGNS, valid)).statusCode, 403, 'manage in another region only');
  assert.equal((await q(system, `select 1 from review_campaign where name = 'Bad input review'`)).length, 0, 'nothing was started');
  assert.equal(
    (
      await q(system, `select 1 from audit_event where action = 'access-review.start' and result = 'denied' and actor_id = $1`, [
        regional.id,
      ])
    ).length,
    1,
  );

  const campaign = await startCampaign(officerSession, valid);
  assert.equal((await privacySession.request('GET', `${CAMPAIGNS}/${campaign.id}`)).statusCode, 200);
  assert.ok(((await privacySession.request('GET', CAMPAIGNS)).json().items as { id: string }[]).some((c) => c.id === campaign.id));
  assert.equal((await regionalSession.request('GET', `${CAMPAIGNS}/${campaign.id}`)).statusCode, 404, 'another region does not see it');
  assert.equal((await regionalSession.request('GET', `${CAMPAIGNS}/${campaign.id}/report.csv`)).statusCode, 404);
  assert.ok(!((await regionalSession.request('GET', CAMPAIGNS)).json().items as { id: string }[]).some((c) => c.id === campaign.id));
  assert.equal((await privacySession.request('POST', `${CAMPAIGNS}/${campaign.id}/close`, {})).statusCode, 403);
  const closed = await officerSession.request('POST', `${CAMPAIGNS}/${campaign.id}/close`, {});
  assert.equal(closed.statusCode, 200, closed.body);
  assert.equal(closed.json().status, 'closed');
  assert.equal((await officerSession.request('POST', `${CAMPAIGNS}/${campaign.id}/close`, {})).statusCode, 409);
});

// Proves: the PDF paginates (a long report spans pages, an empty one is one page: the page footers
// add none), and CSV cells are RFC 4180 with formula cells neutralised.
test('report files: PDF pages, CSV quoting and formula protection', async () => {
  const campaign = {
    id: '00000000-0000-4000-8000-000000000001',
    name: 'Paged',
    scope: 'all' as const,
    unit_id: null,
    deadline: new Date(),
    on_missed: 'escalate' as const,
    status: 'open' as const,
    created_by: null,
    created_at: new Date(),
    closed_at: null,
    closed_by: null,
    started_by_schedule: 'x',
    schedule_period: '2031',
    escalated_at: null,
    escalation_deadline: null,
  };
  const counts = { total: 0, decided: 0, kept: 0, revoked: 0, undecided: 0, escalated: 0, revokedUnreviewed: 0 };
  const pages = (pdf: Buffer) => pdf.toString('latin1').match(/\/Type \/Page\b/g)?.length ?? 0;
  const row = (i: number) => [
    `user${i}`,
    `Name ${i}`,
    'Medewerker',
    'team',
    'Team',
    'mgr',
    '',
    'keep',
    'a comment that wraps over a few lines in the narrow column',
    'mgr',
    '2031-01-01T00:00:00.000Z',
    '',
  ];
  assert.equal(pages(await toPdf(campaign, counts, { unit: 'Landelijk' }, [])), 1);
  const long = await toPdf(
    campaign,
    { ...counts, total: 300 },
    { unit: 'Landelijk' },
    Array.from({ length: 300 }, (_, i) => row(i)),
  );
  assert.equal(long.subarray(0, 5).toString(), '%PDF-');
  assert.ok(pages(long) > 3, `${pages(long)} pages`);

  assert.equal(csvField('plain'), 'plain');
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField('two\r\nlines'), '"two\r\nlines"');
  for (const formula of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx']) assert.ok(csvField(formula).replace(/^"/, '').startsWith("'"), formula);
  assert.equal(toCsv([['=cmd', 'ok']]).split('\r\n')[1], "'=cmd,ok");
});

test('the report routes are described in the OpenAPI document with their file types', async (t) => {
  const { system } = await setup(t);
  const doc = (await system.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
  const pdf = doc.paths['/access-reviews/campaigns/{campaignId}/report.pdf'].get.responses['200'].content;
  assert.ok(pdf['application/pdf']);
  assert.ok(doc.paths['/access-reviews/campaigns/{campaignId}/report.csv'].get.responses['200'].content['text/csv']);
});

// Proves: the module's migrations go down (tables and seeded permissions gone) and up again.
test('migrations go down and up', async () => {
  const { ownerUrl } = await emptyDatabase();
  const migrator = new Migrator({
    ownerUrl,
    modules: allMigrations([createIdentityModule(), createAccessReviewsModule()]),
    context: { appRole: testEngine().appRole, authRole: testEngine().authRole },
    log: createLogger({ level: 'silent' }),
  });
  await migrator.up();
  const state = async () =>
    (
      await adminQuery<{ tables: number; grants: number }>(
        ownerUrl,
        `select (select count(*)::int from pg_tables where tablename in ('review_campaign', 'review_item')) as tables,
            (select count(*)::int from role_permission where permission like 'access-reviews.%') as grants`,
      )
    ).rows[0];
  assert.deepEqual(await state(), { tables: 2, grants: 4 });
  assert.deepEqual(
    (await migrator.down(3)).map((m) => `${m.module}/${m.name}`),
    ['access-reviews/0003_authentication_login', 'access-reviews/0002_seed_permissions', 'access-reviews/0001_review_tables'],
  );
  assert.deepEqual(await state(), { tables: 0, grants: 0 });
  await migrator.up();
  assert.deepEqual(await state(), { tables: 2, grants: 4 });
});

// Proves: every route of the module refuses anonymous callers (401) and, where it needs a permission,
// signed-in users without it (403); a user without reviews sees an empty list.
test('the routes refuse callers without sign-in or grant', async (t) => {
  const { system } = await setup(t);
  const nobody = await signIn(system, await createUser(system, 'acl-nobody'));
  const routes = system.app.routeAccess.filter((r) => r.url.startsWith('/api/v1/access-reviews') && !r.method.includes('HEAD'));
  assert.equal(routes.length, 8);
  for (const route of routes) {
    const url = route.url.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');
    const payload = route.method === 'POST' ? {} : undefined;
    assert.equal(
      (await system.app.inject({ method: route.method as 'GET', url, ...(payload ? { payload } : {}) })).statusCode,
      401,
      `${route.method} ${route.url}`,
    );
    if ('permission' in route.access)
      assert.equal((await nobody.request(route.method, url, payload)).statusCode, 403, `${route.method} ${route.url}`);
  }
  const mine = await nobody.request('GET', MY_ITEMS);
  assert.equal(mine.statusCode, 200);
  assert.deepEqual(mine.json().items, []);
});
