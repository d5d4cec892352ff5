// Access review campaigns through the API and the jobs: who reviews what, decisions taking effect at
// once, deadlines (revoke, escalate), scheduled campaigns, reminders and reports. All tests share one
// database: each builds its own units and users and scopes its campaigns to them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adminQuery } from '../../../test/helpers/database.ts';
import { createUnit, createUser, grantRole, signIn } from '../../../test/helpers/identity.ts';
import { runDeadlines, runReminders, SCHEDULES, startScheduledCampaign } from './index.ts';
import {
  CAMPAIGNS,
  DAY,
  decision,
  inDays,
  itemFor,
  MY_ITEMS,
  q,
  setManager,
  setup,
  startCampaign,
} from '../../../test/helpers/access-reviews.ts';

test('a campaign runs from start to revoke: reviewers, decisions effective at once, deadline, reports', async (t) => {
  const { system } = await setup(t);
  const region = await createUnit(system, 'e2e-region', 'region');
  await createUnit(system, 'e2e-team', 'team', 'e2e-region');
  const otherRegion = await createUnit(system, 'e2e-other', 'region');
  const manager = await createUser(system, 'e2e-manager', { unitCode: 'e2e-region' });
  const otherManager = await createUser(system, 'e2e-other-manager', { unitCode: 'e2e-other' });
  const alice = await createUser(system, 'e2e-alice', { unitCode: 'e2e-team' });
  const bob = await createUser(system, 'e2e-bob', { unitCode: 'e2e-team' });
  const officer = await createUser(system, 'e2e-officer');
  await setManager(system, region, manager);
  await setManager(system, otherRegion, otherManager);
  const aliceGrant = await grantRole(system, alice.id, 'team-lead', 'e2e-team');
  const bobGrant = await grantRole(system, bob.id, 'team-lead', 'e2e-team');
  // The manager's own grant in the region: they may not review it, and nobody above them manages.
  const managerGrant = await grantRole(system, manager.id, 'team-lead', 'e2e-region');
  await grantRole(system, otherManager.id, 'team-lead', 'e2e-other');
  await grantRole(system, officer.id, 'security-officer');

  const officerSession = await signIn(system, officer);
  const aliceSession = await signIn(system, alice);
  assert.ok((await aliceSession.request('GET', '/api/v1/auth/session')).json().permissions['users.read'], 'alice starts with users.read');

  const campaign = await startCampaign(officerSession, { name: 'Team review', unitId: region, onMissed: 'revoke' });
  assert.equal(campaign.progress.total, 3, 'the grants in the region subtree, not the other region');
  const items = await q<{ assignment_id: string; reviewer_id: string | null; escalated_to: string | null }>(
    system,
    'select assignment_id, reviewer_id, escalated_to from review_item where campaign_id = $1',
    [campaign.id],
  );
  const byAssignment = new Map(items.map((i) => [i.assignment_id, i]));
  assert.equal(byAssignment.get(aliceGrant)?.reviewer_id, manager.id, 'the team has no manager: the region manager reviews');
  assert.equal(byAssignment.get(managerGrant)?.reviewer_id, null, 'never the grantee themselves');
  assert.equal(byAssignment.get(managerGrant)?.escalated_to, officer.id, 'no other manager up: the campaign owner');

  const managerSession = await signIn(system, manager);
  const otherSession = await signIn(system, otherManager);
  const aliceItem = await itemFor(managerSession, { grantee: 'e2e-alice', role: 'Teamleider' });
  const bobItem = await itemFor(managerSession, { grantee: 'e2e-bob', role: 'Teamleider' });
  assert.ok(aliceItem && bobItem, 'the manager sees the items of their region');
  assert.deepEqual(aliceItem.allowedActions, ['decide']);
  assert.equal(await itemFor(managerSession, { grantee: 'e2e-manager', role: 'Teamleider' }), undefined, 'not their own grant');
  assert.equal(((await otherSession.request('GET', MY_ITEMS)).json().items as unknown[]).length, 0, 'another manager sees none of them');
  const foreign = await otherSession.request('POST', decision(aliceItem.id), { decision: 'revoke', comment: 'not mine to decide' });
  assert.equal(foreign.statusCode, 404, "deciding someone else's item: it does not exist for them");
  assert.equal(
    (await otherSession.request('POST', decision('00000000-0000-4000-8000-000000000000'), { decision: 'keep' })).json().detail,
    foreign.json().detail,
  );

  // Bad input changes nothing.
  for (const body of [
    { decision: 'revoke' },
    { decision: 'revoke', comment: '   ' },
    { decision: 'maybe' },
    { decision: 'revoke', comment: 'x'.repeat(2001) },
    { decision: 'keep', extra: 1 },
  ]) {
    const bad = await managerSession.request('POST', decision(aliceItem.id), body);
    assert.equal(bad.statusCode, 400, JSON.stringify(body));
  }
  assert.equal(
    (
      await q<{ n: number }>(system, 'select count(*)::int as n from review_item where campaign_id = $1 and decision is not null', [
        campaign.id,
      ])
    )[0]!.n,
    0,
  );
  assert.equal((await q(system, 'select 1 from role_assignment where id = $1 and revoked_at is null', [aliceGrant])).length, 1);

  const revoke = await managerSession.request('POST', decision(aliceItem.id), {
    decision: 'revoke',
    comment: '=HYPERLINK("http://evil") moved to another team',
  });
  assert.equal(revoke.statusCode, 200, revoke.body);
  assert.equal(revoke.json().decision, 'revoke');
  assert.deepEqual(revoke.json().allowedActions, []);
  const aliceNow = await aliceSession.request('GET', '/api/v1/auth/session');
  assert.equal(aliceNow.statusCode, 200);
  assert.equal(aliceNow.json().permissions['users.read'], undefined, "the revoke holds on alice's very next request");
  const [revoked] = await q<{ revoke_reason: string; revoked_by: string }>(
    system,
    'select revoke_reason, revoked_by from role_assignment where id = $1',
    [aliceGrant],
  );
  assert.match(revoked!.revoke_reason, /^access review Team review: =HYPERLINK/);
  assert.equal(revoked!.revoked_by, `user:${manager.id}`);

  assert.equal((await managerSession.request('POST', decision(bobItem.id), { decision: 'keep' })).statusCode, 200);
  assert.equal(
    (await q(system, 'select 1 from role_assignment where id = $1 and revoked_at is null', [bobGrant])).length,
    1,
    'keep leaves the grant',
  );
  assert.equal(
    (await managerSession.request('POST', decision(bobItem.id), { decision: 'revoke', comment: 'changed my mind' })).statusCode,
    409,
    'a decision is final',
  );

  // The deadline passes with the manager's own grant undecided: on_missed revoke revokes it.
  const summary = await runDeadlines(system.authDb, inDays(15));
  assert.ok(summary.revoked >= 1);
  const [closed] = await q<{ status: string }>(system, 'select status from review_campaign where id = $1', [campaign.id]);
  assert.equal(closed!.status, 'closed');
  const [unreviewed] = await q<{ outcome: string; revoke_reason: string }>(
    system,
    'select i.outcome, ra.revoke_reason from review_item i join role_assignment ra on ra.id = i.assignment_id where i.assignment_id = $1',
    [managerGrant],
  );
  assert.deepEqual(unreviewed, { outcome: 'revoked-unreviewed', revoke_reason: 'not reviewed by the deadline of Team review' });
  assert.equal(
    (await q(system, 'select 1 from role_assignment where id = $1 and revoked_at is null', [bobGrant])).length,
    1,
    'kept grants survive the deadline',
  );
  assert.equal((await runDeadlines(system.authDb, inDays(15))).closed, 0, 'a second run finds nothing to do');
  const [managerItem] = await q<{ id: string }>(system, 'select id from review_item where assignment_id = $1', [managerGrant]);
  const late = await officerSession.request('POST', decision(managerItem!.id), { decision: 'keep' });
  assert.equal(late.statusCode, 409, 'no decisions on a closed campaign');

  const progress = (await officerSession.request('GET', `${CAMPAIGNS}/${campaign.id}`)).json().progress;
  assert.deepEqual(progress, { total: 3, decided: 2, kept: 1, revoked: 1, undecided: 1, escalated: 0, revokedUnreviewed: 1 });

  const csv = await officerSession.request('GET', `${CAMPAIGNS}/${campaign.id}/report.csv`);
  assert.equal(csv.statusCode, 200, csv.body);
  assert.match(String(csv.headers['content-type']), /^text\/csv/);
  const lines = csv.body
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n');
  assert.equal(lines.length, 4, 'header and one row per item');
  assert.match(lines[0]!, /^Grantee,Grantee name,Role,/);
  const aliceLine = lines.find((l) => l.startsWith('e2e-alice,'))!;
  assert.ok(aliceLine.includes(`"'=HYPERLINK(""http://evil"") moved to another team"`), `formula escaped and quoted: ${aliceLine}`);
  assert.ok(aliceLine.includes(',e2e-manager,'), 'the reviewer is named');
  assert.ok(lines.some((l) => l.startsWith('e2e-manager,') && l.endsWith(',revoked-unreviewed')));
  const pdf = await officerSession.request('GET', `${CAMPAIGNS}/${campaign.id}/report.pdf`);
  assert.equal(pdf.statusCode, 200);
  assert.equal(pdf.headers['content-type'], 'application/pdf');
  assert.equal(pdf.rawPayload.subarray(0, 4).toString(), '%PDF');
  const audits = await q<{ action: string; n: number }>(
    system,
    `select action, count(*)::int as n from audit_event where object_id = $1 or details->>'campaignId' = $1 group by action order by action`,
    [campaign.id],
  );
  assert.deepEqual(audits, [
    { action: 'access-review.close', n: 1 },
    { action: 'access-review.deadline', n: 1 },
    { action: 'access-review.decide', n: 2 },
    { action: 'access-review.report', n: 2 },
    { action: 'access-review.start', n: 1 },
  ]);
  assert.equal(
    (
      await q(system, `select 1 from audit_event where action = 'access-review.decide' and result = 'denied' and object_id = $1`, [
        aliceItem.id,
      ])
    ).length,
    1,
    'the foreign attempt is on record',
  );
});

test('missed reviews escalate to the campaign owner, who may still decide; then the campaign closes', async (t) => {
  const { system } = await setup(t);
  const region = await createUnit(system, 'esc-region', 'region');
  const manager = await createUser(system, 'esc-manager', { unitCode: 'esc-region' });
  const dave = await createUser(system, 'esc-dave', { unitCode: 'esc-region' });
  const erin = await createUser(system, 'esc-erin', { unitCode: 'esc-region' });
  const officer = await createUser(system, 'esc-officer');
  await setManager(system, region, manager);
  await grantRole(system, dave.id, 'team-lead', 'esc-region');
  await grantRole(system, erin.id, 'team-lead', 'esc-region');
  await grantRole(system, officer.id, 'security-officer');
  const officerSession = await signIn(system, officer);
  const campaign = await startCampaign(officerSession, { name: 'Escalation review', unitId: region, onMissed: 'escalate' });
  assert.equal(campaign.progress.total, 2);
  assert.equal(
    await itemFor(officerSession, { grantee: 'esc-dave', role: 'Teamleider' }),
    undefined,
    'before the deadline the owner has nothing to decide',
  );

  const first = await runDeadlines(system.authDb, inDays(15));
  assert.ok(first.escalated >= 2);
  const [state] = await q<{ status: string; escalation_deadline: Date }>(
    system,
    'select status, escalation_deadline from review_campaign where id = $1',
    [campaign.id],
  );
  assert.equal(state!.status, 'open', 'escalated items stay decidable');
  const daveItem = await itemFor(officerSession, { grantee: 'esc-dave', role: 'Teamleider' });
  assert.ok(daveItem);
  assert.deepEqual(daveItem.allowedActions, ['decide']);
  assert.equal((daveItem as unknown as { outcome: string }).outcome, 'escalated');
  assert.equal(
    (await officerSession.request('POST', decision(daveItem.id), { decision: 'keep', comment: 'checked with the team' })).statusCode,
    200,
  );
  assert.equal(
    (await q(system, `select 1 from audit_event where action = 'access-review.escalate' and object_id = $1`, [campaign.id])).length,
    1,
  );

  await runDeadlines(system.authDb, new Date(state!.escalation_deadline.getTime() + 60_000));
  const [done] = await q<{ status: string; closed_by: string }>(system, 'select status, closed_by from review_campaign where id = $1', [
    campaign.id,
  ]);
  assert.deepEqual(done, { status: 'closed', closed_by: 'system:access-reviews.deadline' });
  const outcomes = await q<{ grantee_name: string; decision: string | null; outcome: string }>(
    system,
    'select grantee_name, decision, outcome from review_item where campaign_id = $1 order by grantee_name',
    [campaign.id],
  );
  assert.deepEqual(outcomes, [
    { grantee_name: 'esc-dave', decision: 'keep', outcome: 'escalated' },
    { grantee_name: 'esc-erin', decision: null, outcome: 'escalated' },
  ]);
  assert.equal(
    (await q(system, `select 1 from role_assignment where user_id = $1 and revoked_at is null`, [erin.id])).length,
    1,
    'escalation never revokes',
  );
});

test('privileged scope only includes roles holding a privileged permission; group grants skip members as reviewers', async (t) => {
  const { system } = await setup(t);
  const region = await createUnit(system, 'prv-region', 'region');
  const team = await createUnit(system, 'prv-team', 'team', 'prv-region');
  const regionManager = await createUser(system, 'prv-region-manager', { unitCode: 'prv-region' });
  const teamManager = await createUser(system, 'prv-team-manager', { unitCode: 'prv-team' });
  const frank = await createUser(system, 'prv-frank', { unitCode: 'prv-team' });
  const officer = await createUser(system, 'prv-officer');
  await setManager(system, region, regionManager);
  await setManager(system, team, teamManager);
  const adminGrant = await grantRole(system, frank.id, 'functional-administrator', 'prv-team');
  const leadGrant = await grantRole(system, frank.id, 'team-lead', 'prv-team');
  // A group grant whose members include the team manager: the region manager must review it.
  const [group] = await q<{ id: string }>(system, `insert into user_group (name) values ('prv-admins') returning id`);
  await adminQuery(system.target.ownerUrl, 'insert into user_group_member (group_id, user_id) values ($1, $2)', [
    group!.id,
    teamManager.id,
  ]);
  const [groupGrant] = await q<{ id: string }>(
    system,
    `insert into role_assignment (role_id, group_id, unit_id, reason, granted_by)
    select id, $1, $2, 'test', 'test' from role where key = 'functional-administrator' returning id`,
    [group!.id, team],
  );
  await grantRole(system, officer.id, 'security-officer');
  const officerSession = await signIn(system, officer);

  const campaign = await startCampaign(officerSession, { name: 'Privileged review', unitId: region, scope: 'privileged' });
  const items = await q<{ assignment_id: string; reviewer_id: string; grantee_display_name: string }>(
    system,
    'select assignment_id, reviewer_id, grantee_display_name from review_item where campaign_id = $1',
    [campaign.id],
  );
  assert.deepEqual(
    items.map((i) => i.assignment_id).sort(),
    [adminGrant, groupGrant!.id].sort(),
    'team-lead (users.read only) is not privileged',
  );
  assert.ok(!items.some((i) => i.assignment_id === leadGrant));
  assert.equal(items.find((i) => i.assignment_id === adminGrant)?.reviewer_id, teamManager.id);
  assert.equal(
    items.find((i) => i.assignment_id === groupGrant!.id)?.reviewer_id,
    regionManager.id,
    'a member of the grantee group does not review it',
  );
  assert.equal(items.find((i) => i.assignment_id === groupGrant!.id)?.grantee_display_name, 'group prv-admins');
});

test('a schedule starts one campaign per period; escalations of a scheduled campaign go to the review managers', async (t) => {
  const { system, module } = await setup(t);
  await createUnit(system, 'sch-region', 'region');
  const orphan = await createUser(system, 'sch-orphan', { unitCode: 'sch-region' });
  const officer = await createUser(system, 'sch-officer');
  await grantRole(system, orphan.id, 'functional-administrator', 'sch-region');
  await grantRole(system, officer.id, 'security-officer');
  const privileged = module.services().reviews.privileged();
  assert.ok(
    privileged.includes('access-reviews.manage') && privileged.includes('grants.manage') && !privileged.includes('access-reviews.read'),
  );

  const at = new Date('2031-04-02T04:00:00Z');
  const id = await startScheduledCampaign(system.authDb, SCHEDULES.quarterly, at, privileged);
  assert.ok(id);
  assert.equal(
    await startScheduledCampaign(system.authDb, SCHEDULES.quarterly, new Date(at.getTime() + 3_600_000), privileged),
    null,
    'the same quarter: no second campaign',
  );
  const [campaign] = await q<{
    name: string;
    scope: string;
    on_missed: string;
    created_by: string | null;
    schedule_period: string;
    deadline: Date;
  }>(system, 'select name, scope, on_missed, created_by, schedule_period, deadline from review_campaign where id = $1', [id]);
  assert.deepEqual(
    { ...campaign, deadline: campaign!.deadline.toISOString() },
    {
      name: 'Kwartaalreview geprivilegieerde rechten 2031-Q2',
      scope: 'privileged',
      on_missed: 'revoke',
      created_by: null,
      schedule_period: '2031-Q2',
      deadline: '2031-04-23T04:00:00.000Z',
    },
  );
  const nonPrivileged = await q(
    system,
    `select 1 from review_item i where campaign_id = $1 and not exists (
    select 1 from role_permission rp where rp.role_id = i.role_id and rp.permission = any($2::text[]))`,
    [id, privileged],
  );
  assert.equal(nonPrivileged.length, 0, 'every item is a privileged role');

  // Nobody manages the region: the item goes to the holders of access-reviews.manage.
  const [orphanItem] = await q<{ id: string; reviewer_id: string | null; escalated_to: string | null; escalated_at: Date | null }>(
    system,
    'select id, reviewer_id, escalated_to, escalated_at from review_item where campaign_id = $1 and user_id = $2',
    [id, orphan.id],
  );
  assert.equal(orphanItem!.reviewer_id, null);
  assert.equal(orphanItem!.escalated_to, null);
  assert.ok(orphanItem!.escalated_at);
  const officerSession = await signIn(system, officer);
  const visible = await itemFor(officerSession, { grantee: 'sch-orphan', role: 'Applicatiebeheerder' });
  assert.deepEqual(visible?.allowedActions, ['decide'], 'a review manager may decide it');
  // The officer's own privileged grant is in the same pool, but not theirs to decide.
  const [own] = await q<{ id: string }>(system, 'select id from review_item where campaign_id = $1 and user_id = $2', [id, officer.id]);
  assert.ok(own);
  assert.equal(await itemFor(officerSession, { grantee: 'sch-officer', role: 'Security officer / auditor' }), undefined);
  assert.equal(
    (await officerSession.request('POST', decision(own.id), { decision: 'keep' })).statusCode,
    404,
    'nobody reviews their own grant',
  );
  const yearly = await startScheduledCampaign(system.authDb, SCHEDULES.yearly, at, privileged);
  assert.ok(yearly, 'the yearly schedule is a campaign of its own');
  assert.equal(
    await startScheduledCampaign(system.authDb, SCHEDULES.yearly, new Date('2031-12-31T12:00:00Z'), privileged),
    null,
    'one per year',
  );
});

test('reminders go to reviewers near the deadline, at most every three days; recorded without mail', async (t) => {
  const { system } = await setup(t);
  const region = await createUnit(system, 'rem-region', 'region');
  const manager = await createUser(system, 'rem-manager', { unitCode: 'rem-region', email: 'rem-manager@example.org' });
  const gus = await createUser(system, 'rem-gus', { unitCode: 'rem-region' });
  const officer = await createUser(system, 'rem-officer');
  await setManager(system, region, manager);
  await grantRole(system, gus.id, 'team-lead', 'rem-region');
  await grantRole(system, officer.id, 'security-officer');
  const officerSession = await signIn(system, officer);
  const farAway = await startCampaign(officerSession, { name: 'Far away', unitId: region, deadline: inDays(60).toISOString() });
  const soon = await startCampaign(officerSession, { name: 'Due soon', unitId: region, deadline: inDays(5).toISOString() });

  const sent: { to: string; subject: string; text: string }[] = [];
  const mail = { configured: true, send: async (message: { to: string; subject: string; text: string }) => void sent.push(message) };
  const mine = (results: { userId: string }[]) => results.filter((r) => r.userId === manager.id);
  const now = new Date();
  assert.deepEqual(mine(await runReminders(system.authDb, now, { mail })), [{ userId: manager.id, items: 1, mailed: true }]);
  const toManager = sent.filter((m) => m.to === 'rem-manager@example.org');
  assert.equal(toManager.length, 1);
  assert.match(toManager[0]!.text, /Due soon: 1/);
  assert.doesNotMatch(toManager[0]!.text, /Far away|rem-gus/, 'only campaigns near their deadline; no names of colleagues');
  assert.deepEqual(mine(await runReminders(system.authDb, new Date(now.getTime() + 2 * DAY), { mail })), [], 'not again within three days');
  assert.equal(
    mine(await runReminders(system.authDb, new Date(now.getTime() + 3 * DAY + 60_000), { mail: null })).length,
    1,
    'again after three days, recorded without mail',
  );
  assert.equal(sent.filter((m) => m.to === 'rem-manager@example.org').length, 1);
  const reminded = await q<{ name: string; reminded: boolean }>(
    system,
    `select c.name, i.reminded_at is not null as reminded from review_item i join review_campaign c on c.id = i.campaign_id where c.id = any($1::uuid[]) order by c.name`,
    [[farAway.id, soon.id]],
  );
  assert.deepEqual(reminded, [
    { name: 'Due soon', reminded: true },
    { name: 'Far away', reminded: false },
  ]);
});
