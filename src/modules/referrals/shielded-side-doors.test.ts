// The side doors of referrals, tasks, persons and search to a shielded case (issue 9, items 5, 6, 10
// and 14), tried from outside: a shielded case that came from a referral, with the referral's contact
// attempts and letter task, tasks on the case (for the team, for a colleague, for the lead) and two
// participants. A colleague of the same team (referrals.read-unit, tasks.read-unit) and the team lead
// (also cases.read-unit, persons.read-bsn) without a grant find nothing of it through these modules:
// not by id (404, as for what does not exist), not in any list, not counted, not confirmed to exist,
// not through the duplicate check, and not through SQL as the application role.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { adminQuery } from '../../../test/helpers/database.ts';
import { actorOf, shield } from '../../../test/helpers/fixtures.ts';
import { buildIdentity, createUnit, createUser, grantRole, signIn, type Session } from '../../../test/helpers/identity.ts';
import { createCasesModule } from '../cases/index.ts';
import { createPersonsModule } from '../persons/index.ts';
import { createSearchModule } from '../search/index.ts';
import { createTasksModule } from '../tasks/index.ts';
import { createReferralsModule } from './index.ts';

const NOWHERE = '00000000-0000-4000-8000-000000000000';

test('a shielded case that came from a referral: an ungranted colleague and team lead find nothing of it through referrals, tasks, persons or search', async (t) => {
  const system = await buildIdentity(t, {
    extra: [createCasesModule(), createPersonsModule(), createReferralsModule(), createTasksModule(), createSearchModule()],
  });
  const unit = await createUnit(system, 'sweep-team', 'team');
  const user = async (name: string, role: string) => {
    const u = await createUser(system, name, { unitCode: 'sweep-team' });
    await grantRole(system, u.id, role, 'sweep-team');
    return { ...u, session: await signIn(system, u) };
  };
  const worker = await user('sweep-worker', 'case-worker');
  const colleague = await user('sweep-colleague', 'case-worker');
  const lead = await user('sweep-lead', 'team-lead');
  const client = { voornamen: 'Noor', achternaam: 'Verborgen', dateOfBirth: '1988-08-08', bsn: '123456782', phones: ['0687654321'] };

  // The referral, worked until not reached (letter task), then converted to a case by the worker.
  const referral = (
    await worker.session.request('POST', '/api/v1/referrals', {
      source: 'partner',
      channel: 'email',
      owningUnitId: unit,
      person: client,
      incident: { category: 'violence', place: 'Ergens', description: 'Huiselijk geweld' },
    })
  ).json<{ id: string; version: number }>();
  for (let i = 0; i < 3; i++)
    await worker.session.request('POST', `/api/v1/referrals/${referral.id}/attempts`, { channel: 'phone', outcome: 'no-answer' });
  const letter = (await adminQuery<{ id: string }>(system.target.ownerUrl, 'select id from task where referral_id = $1', [referral.id]))
    .rows[0]!.id;
  const current = (await worker.session.request('GET', `/api/v1/referrals/${referral.id}`)).json<{ version: number }>();
  const converted = await worker.session.request('POST', `/api/v1/referrals/${referral.id}/convert`, {
    version: current.version,
    person: client,
  });
  assert.equal(converted.statusCode, 200, converted.body);
  const kase = converted.json<{ case: { id: string; number: string }; referral: { personId: string } }>().case;
  const clientId = converted.json<{ referral: { personId: string } }>().referral.personId;
  const kin = (
    await worker.session.request('POST', '/api/v1/persons', { voornamen: 'Sem', achternaam: 'Verborgen', dateOfBirth: '1960-01-01' })
  ).json<{ id: string }>().id;
  assert.equal(
    (await worker.session.request('POST', `/api/v1/cases/${kase.id}/participants`, { personId: kin, role: 'next-of-kin' })).statusCode,
    200,
  );
  const tasks = [letter];
  for (const assigneeUserId of [null, colleague.id, lead.id]) {
    tasks.push(
      (
        await worker.session.request('POST', '/api/v1/tasks', {
          caseId: kase.id,
          title: 'Veiligheidsplan bespreken',
          dueInWorkingDays: 1,
          assigneeUserId,
        })
      ).json<{ id: string }>().id,
    );
  }
  tasks.push(
    (
      await worker.session.request('POST', '/api/v1/tasks', {
        referralId: referral.id,
        title: 'Verwijzer terugbellen',
        dueInWorkingDays: 1,
      })
    ).json<{ id: string }>().id,
  );
  assert.equal(tasks.length, 5);
  // Shielded: only its workers and those granted it explicitly see it.
  await shield(system, kase.id);
  const everything = [referral.id, kase.id, clientId, kin, ...tasks];

  const visibleThrough = async (session: Session) => {
    const found: string[] = [];
    const byId: Record<string, number> = {};
    const collect = (body: string) => {
      for (const id of everything) if (body.includes(id)) found.push(id);
    };
    for (const [name, path] of [
      ['referral', `/referrals/${referral.id}`],
      ['client', `/persons/${clientId}`],
      ['kin', `/persons/${kin}`],
      ...tasks.map((id, i) => [`task ${i}`, `/tasks/${id}`]),
    ] as [string, string][]) {
      const response = await session.request('GET', `/api/v1${path}`);
      byId[name] = response.statusCode;
      // A 404 problem names the path asked for (instance): only an answer's own data counts.
      if (response.statusCode === 200) collect(response.body);
    }
    for (const query of [
      'view=queue',
      'view=mine',
      'view=all',
      'view=all&status=converted',
      'view=queue&status=converted',
      `view=all&unitId=${unit}&status=converted`,
    ]) {
      collect((await session.request('GET', `/api/v1/referrals?${query}`)).body);
    }
    for (const status of ['open', 'done', 'cancelled']) {
      for (const view of ['team', 'mine', 'all'])
        collect((await session.request('GET', `/api/v1/tasks?view=${view}&status=${status}`)).body);
    }
    // Asking for the tasks of the case or the referral answers as for one that does not exist.
    const answer = async (path: string) => {
      const r = await session.request('GET', path);
      return [r.statusCode, r.json<unknown>()];
    };
    const sameAsNothing =
      JSON.stringify(await answer(`/api/v1/tasks?view=all&status=cancelled&caseId=${kase.id}`)) ===
        JSON.stringify(await answer(`/api/v1/tasks?view=all&status=cancelled&caseId=${NOWHERE}`)) &&
      JSON.stringify(await answer(`/api/v1/tasks?view=all&status=cancelled&referralId=${referral.id}`)) ===
        JSON.stringify(await answer(`/api/v1/tasks?view=all&status=cancelled&referralId=${NOWHERE}`)) &&
      JSON.stringify(await answer(`/api/v1/tasks?view=team&caseId=${kase.id}`)) ===
        JSON.stringify(await answer(`/api/v1/tasks?view=team&caseId=${NOWHERE}`));
    for (const query of [
      'Noor Verborgen',
      'Verborgen',
      'Verborgen 08-08-1988',
      'Sem Verborgen',
      '0687654321',
      kase.number,
      `${kase.number} Verborgen`,
      '1234.56.782',
    ]) {
      const response = await session.request('POST', '/api/v1/search', { query });
      assert.ok([200, 403].includes(response.statusCode), response.body);
      collect(response.body);
    }
    return { found: [...new Set(found)], byId, sameAsNothing };
  };

  const worked = await visibleThrough(worker.session);
  assert.deepEqual(new Set(worked.found), new Set(everything), 'its worker finds all of it (so the probes reach it)');
  for (const [who, member] of [
    ['a colleague of the team', colleague],
    ['the team lead without a grant', lead],
  ] as const) {
    const seen = await visibleThrough(member.session);
    assert.deepEqual(seen.found, [], `${who}: no id anywhere`);
    assert.ok(
      Object.values(seen.byId).every((status) => status === 404),
      `${who}: ${JSON.stringify(seen.byId)}`,
    );
    assert.equal(seen.sameAsNothing, true, `${who}: the case and the referral answer as what does not exist`);

    // The duplicate check does not confirm the client exists: she registers as if nobody had her BSN.
    const again = await member.session.request('POST', '/api/v1/persons', { ...client, achternaam: 'Verborgen' });
    assert.equal(again.statusCode, 201, `${who}: ${again.body}`);
    assert.ok(!again.body.includes(clientId));

    // Underneath, as the application role.
    const counts = await system.db.transaction(await actorOf(system, member.id), async (tx) => ({
      referrals: (
        await sql<{
          n: number;
        }>`select count(*)::int as n from referral where id = ${referral.id} or converted_case_id = ${kase.id}`.execute(tx.db)
      ).rows[0]!.n,
      attempts: (
        await sql<{ n: number }>`select count(*)::int as n from referral_contact_attempt where referral_id = ${referral.id}`.execute(tx.db)
      ).rows[0]!.n,
      tasks: (
        await sql<{
          n: number;
        }>`select count(*)::int as n from task where id = any(${tasks}::uuid[]) or case_id = ${kase.id} or referral_id = ${referral.id}`.execute(
          tx.db,
        )
      ).rows[0]!.n,
      persons: (await sql<{ n: number }>`select count(*)::int as n from person where id in (${clientId}, ${kin})`.execute(tx.db)).rows[0]!
        .n,
      candidates: (
        await sql<{ n: number }>`select count(*)::int as n from (
          select person_id from search_person_exact_candidates(array['verborgen'], null)
          union all select person_id from search_person_candidates(array['verborgen'], '+31687654321', null, 0.3)
          union all select v from persons_visible_among(${[clientId, kin]}::uuid[]) v) c where person_id in (${clientId}, ${kin})`.execute(
          tx.db,
        )
      ).rows[0]!.n,
    }));
    assert.deepEqual(counts, { referrals: 0, attempts: 0, tasks: 0, persons: 0, candidates: 0 }, who);
  }
});
