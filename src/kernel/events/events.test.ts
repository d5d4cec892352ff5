// The transactional outbox and its relay: events exist only if their transaction committed, are
// delivered after commit, have their effect once however often they are delivered, and are retried
// when a handler fails; delivered ones are purged after the retention period, undelivered ones never.
import { after, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import type { ActorContext } from '../auth/actor.ts';
import { deliveryId } from './bus.ts';
import type { DomainEvent } from './event-map.ts';
import { publishEvent } from './outbox.ts';
import type { CasusModule } from '../module.ts';
import { adminQuery } from '../../../test/helpers/database.ts';
import { build } from '../../../test/helpers/build.ts';

declare module './event-map.ts' {
  interface EventMap {
    'test.happened': { n: number };
  }
}

const COUNT = 'events-test.count';
const FLAKY = 'events-test.flaky';
const FLAKY_N = -1;

/** What the handlers did, per event id: how many times their work ran, and what they saw. */
const effects = new Map<string, number>();
const delivered = new Map<string, { event: DomainEvent<'test.happened'>; actorId: string | null; requestId: string | null }>();
const flakyAttempts = new Map<string, number>();
const flakySucceeded = new Set<string>();

const testModule: CasusModule = {
  name: 'events-test',
  register(ctx) {
    ctx.events.subscribe('test.happened', COUNT, async (tx, event) => {
      effects.set(event.id, (effects.get(event.id) ?? 0) + 1);
      const settings = await sql<{ actor_id: string; request_id: string }>`select current_setting('casus.actor_id', true) as actor_id,
        current_setting('casus.request_id', true) as request_id`.execute(tx.db);
      delivered.set(event.id, { event, actorId: settings.rows[0]!.actor_id, requestId: settings.rows[0]!.request_id });
    });
    ctx.events.subscribe(
      'test.happened',
      FLAKY,
      async (tx, event) => {
        if (event.payload.n !== FLAKY_N) return;
        const attempt = (flakyAttempts.get(event.id) ?? 0) + 1;
        flakyAttempts.set(event.id, attempt);
        if (attempt === 1) throw new Error('first attempt fails');
        flakySucceeded.add(event.id);
      },
      { retryDelaySeconds: 1 },
    );
  },
};

// One system for the whole file, stopped by node:test's file-level after() hook.
const fileScope = { after: (cleanup) => after(cleanup as () => Promise<void>) } satisfies Pick<TestContext, 'after'>;
const system = await build(fileScope, { worker: true, modules: [testModule] });
const { ownerUrl } = system.target;

const ctx: ActorContext = {
  actor: { kind: 'user', id: 'alice' },
  origin: { requestId: 'req-events', traceId: 'trace-events', ip: null, userAgent: null },
};

async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

function publish(n: number): Promise<string> {
  return system.db.transaction(ctx, (tx) => publishEvent(tx, 'test.happened', { n }));
}

async function outboxRow(id: string): Promise<{ relayed_at: Date | null } | undefined> {
  return (await adminQuery<{ relayed_at: Date | null }>(ownerUrl, 'select relayed_at from outbox_event where id = $1', [id])).rows[0];
}

async function jobState(id: string): Promise<string | undefined> {
  return (await adminQuery<{ state: string }>(ownerUrl, 'select state from pgboss.job where id = $1', [id])).rows[0]?.state;
}

// Proves: a rolled-back publish leaves nothing to deliver; a committed one is delivered after
// commit, once, with the publisher's payload and actor, in a transaction that names the handler.
test('only committed events are delivered, each once', async () => {
  let rolledBack = '';
  await assert.rejects(
    system.db.transaction(ctx, async (tx) => {
      rolledBack = await publishEvent(tx, 'test.happened', { n: 1 });
      throw new Error('the change failed');
    }),
    /the change failed/,
  );
  assert.equal(await outboxRow(rolledBack), undefined, 'no outbox row for a rolled-back transaction');

  const committed = await publish(2);
  // The handler records `delivered` last (after its query), so wait for that, not for `effects`.
  await waitFor('the committed event to be handled', () => delivered.has(committed));

  const seen = delivered.get(committed)!;
  assert.deepEqual(seen.event.payload, { n: 2 });
  assert.deepEqual(seen.event.actor, { kind: 'user', id: 'alice' });
  assert.equal(seen.event.requestId, 'req-events');
  assert.ok(seen.event.occurredAt instanceof Date);
  assert.equal(seen.actorId, `event.${COUNT}`, 'the handler runs as the system, naming itself');
  assert.equal(seen.requestId, 'req-events', 'the request id follows the event');
  assert.ok((await outboxRow(committed))?.relayed_at instanceof Date);

  await system.events.trigger();
  await sleep(500);
  assert.equal(effects.get(committed), 1);
  assert.equal(effects.has(rolledBack), false);
});

// Proves: redelivery, by the relay or by the queue, does not repeat the handler's effect: the
// processed_event claim made in the handler's transaction turns it into a no-op.
test('a redelivered event has its effect once', async () => {
  const id = await publish(3);
  await waitFor('the first delivery', () => effects.has(id));

  // The relay sends it again (as after a crash between enqueueing and marking it relayed).
  await adminQuery(ownerUrl, 'update outbox_event set relayed_at = null where id = $1', [id]);
  await system.events.trigger();
  assert.ok((await outboxRow(id))?.relayed_at instanceof Date, 'the relay picked it up again');

  // The queue runs it again under a new job id (as after a worker died before completing the job).
  const event = delivered.get(id)!.event;
  const jobId = await system.jobs.send(`event.${COUNT}`, event);
  assert.ok(jobId);
  await waitFor('the redelivery job to complete', async () => (await jobState(jobId)) === 'completed');

  // A later event being handled shows the queue has moved past both redeliveries.
  const marker = await publish(4);
  await waitFor('a later event', () => effects.has(marker));

  assert.equal(effects.get(id), 1, 'the effect happened once');
  const claims = await adminQuery<{ count: number }>(
    ownerUrl,
    'select count(*)::int as count from processed_event where handler = $1 and event_id = $2',
    [COUNT, id],
  );
  assert.equal(claims.rows[0]?.count, 1);
});

// Proves: a handler that throws is retried, and its failed attempt's claim was rolled back with
// it (otherwise the retry would be skipped as "already processed").
test('a handler that fails is retried and then succeeds', async () => {
  const id = await publish(FLAKY_N);
  await waitFor('the retry to succeed', () => flakySucceeded.has(id), 20_000);
  assert.equal(flakyAttempts.get(id), 2);
  const claims = await adminQuery<{ count: number }>(
    ownerUrl,
    'select count(*)::int as count from processed_event where handler = $1 and event_id = $2',
    [FLAKY, id],
  );
  assert.equal(claims.rows[0]?.count, 1);
});

// Proves: the database refuses event names that are not "module.event".
test('the outbox refuses malformed event names', async () => {
  await assert.rejects(
    system.db.transaction(ctx, (tx) =>
      sql`insert into outbox_event (id, name, payload, actor_kind) values (gen_random_uuid(), 'nodot', '{}', 'user')`.execute(tx.db),
    ),
    (error: { code?: string }) => error.code === '23514',
  );
});

// Proves: delivery ids are stable (so a re-enqueue is recognised) and distinct per event and
// handler, in UUID form (pg-boss job ids are uuids).
test('deliveryId is deterministic and a valid UUID', () => {
  const event = '6f1c2a40-5b7e-4c1e-9f3a-0d2b8e7c9a11';
  const id = deliveryId(event, 'cases.notify-team');
  assert.equal(deliveryId(event, 'cases.notify-team'), id);
  assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.notEqual(deliveryId(event, 'cases.other'), id);
  assert.notEqual(deliveryId('6f1c2a40-5b7e-4c1e-9f3a-0d2b8e7c9a12', 'cases.notify-team'), id);
});

// Proves: the retention purge removes delivered events and handler claims older than the cut-off, and
// keeps recent ones and every event not yet relayed (an undelivered event is never thrown away).
test('retention removes old delivered events and claims, never undelivered ones', async () => {
  const ids = { oldRelayed: crypto.randomUUID(), oldPending: crypto.randomUUID(), recentRelayed: crypto.randomUUID() };
  const insert = (id: string, age: string, relayed: boolean) =>
    adminQuery(
      ownerUrl,
      `insert into outbox_event (id, name, payload, occurred_at, actor_kind, relayed_at)
      values ($1, 'test.retention', '{}', now() - $2::interval, 'system', ${relayed ? 'now() - $2::interval' : 'null'})`,
      [id, age],
    );
  await insert(ids.oldRelayed, '40 days', true);
  await insert(ids.oldPending, '40 days', false);
  await insert(ids.recentRelayed, '1 day', true);
  await adminQuery(
    ownerUrl,
    `insert into processed_event (handler, event_id, processed_at) values
    ('retention-test', $1, now() - interval '40 days'), ('retention-test', $2, now() - interval '1 day')`,
    [ids.oldRelayed, ids.recentRelayed],
  );

  const removed = await system.events.purgeDelivered(new Date(Date.now() - 30 * 86_400_000));
  assert.ok(removed.events >= 1 && removed.claims >= 1, JSON.stringify(removed));

  const events = await adminQuery<{ id: string }>(ownerUrl, 'select id from outbox_event where id = any($1::uuid[])', [Object.values(ids)]);
  assert.deepEqual(new Set(events.rows.map((r) => r.id)), new Set([ids.oldPending, ids.recentRelayed]));
  const claims = await adminQuery<{ event_id: string }>(ownerUrl, `select event_id from processed_event where handler = 'retention-test'`);
  assert.deepEqual(
    claims.rows.map((r) => r.event_id),
    [ids.recentRelayed],
  );
  // The undelivered old event is still delivered afterwards (no subscriber: it is just marked relayed).
  await system.events.trigger();
});
