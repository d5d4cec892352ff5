// The sealer hashes in PostgreSQL (leafHashSql), the verifier in TypeScript (canonical.ts): the two must give
// the same leaf hash for every event, or an untouched trail would fail verification. Held together here over
// every ASCII character (JSON escaping), text beyond the BMP and the line separators JavaScript does not
// escape, JSON details, empty and NULL arrays, and the events the application writes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { queryOnce } from '../../../kernel/db/client.ts';
import { systemContext } from '../../../kernel/auth/actor.ts';
import { sealedTrail } from '../../../../test/helpers/audit-trail.ts';
import { canonicalColumns, leafHashSql } from './seal.repository.ts';
import { leafHash, type CanonicalEventRow } from './canonical.ts';

// Proves: byte-for-byte the same leaf hash from SQL and from TypeScript, for awkward and for ordinary events.
test('the leaf hash computed in SQL is canonical.ts’s', async (t) => {
  const trail = await sealedTrail(t);
  let awkward = '';
  for (let c = 1; c < 128; c++) awkward += String.fromCharCode(c);
  awkward += 'é€😀\u2028\u2029\u00a0\ufeff"\\/';
  await queryOnce(
    trail.ownerUrl,
    `insert into audit_event (actor_kind, actor_id, action, object_type, object_id, result, reason, user_agent, origin_ip, details, changed_fields, object_ids, data_subject_ids)
     values ('user', $1, 'case.read', 'case', $1, 'success', $1, $1, '2001:db8::1',
       jsonb_build_object('k', $1::text, 'n', 1.50, 'a', jsonb_build_array(1, 'x', null), 'nested', jsonb_build_object('z', true)),
       array[$1, 'b'], array[]::text[], null)`,
    [awkward],
  );
  await trail.write(20, { details: { view: 'team', limit: 50 }, objectIds: ['a', 'b'], dataSubjectIds: ['p'] });
  await trail.write(5, { action: 'case.update', changedFields: ['status'], reason: 'Een reden met "quotes" en\nregels' });
  const { js, db } = await trail.system.db.transaction(systemContext('test'), async (tx) => ({
    js: (await sql<CanonicalEventRow>`select ${canonicalColumns} from audit_event e order by e.id`.execute(tx.db)).rows.map((r) =>
      leafHash(r).toString('hex'),
    ),
    db: (await sql<{ h: Buffer }>`select ${leafHashSql} as h from audit_event e order by e.id`.execute(tx.db)).rows.map((r) =>
      r.h.toString('hex'),
    ),
  }));
  assert.equal(js.length, 26);
  assert.deepEqual(db, js);
});
