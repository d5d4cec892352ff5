// The hits of a match rule become runs before they touch the database: per rule and actor, in time
// order, split where two hits lie further apart than the rule's dedupeMinutes. Each run is one lookup,
// one change and one insert, so a script hitting a rule a thousand times a batch costs three statements.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MatchRule } from '../../../kernel/config-detection.ts';
import type { SealedEvent } from '../stream/stream.repository.ts';
import { DEFAULT_RULES } from './default-rules.ts';
import { runsOf } from './engine.ts';

const rule = DEFAULT_RULES.find((r): r is MatchRule => r.kind === 'match') ?? assert.fail('a built-in match rule');
const other: MatchRule = { ...rule, id: `${rule.id}-other` };
let ids = 0;
const hit = (actorId: string, minutes: number) => ({
  rule,
  event: {
    id: String(++ids),
    leafIndex: String(ids),
    occurredAt: new Date(Date.UTC(2026, 2, 10, 9, 0) + minutes * 60_000),
    actorKind: 'user' as const,
    actorId,
  } as SealedEvent & { actorKind: 'user'; actorId: string },
});

// Proves: one actor's hits within reach of each other are one run however many; a gap beyond reach, another
// actor or another rule starts a new run; out-of-order hits are sorted first.
test('runs: by rule and actor, in time order, split beyond dedupeMinutes', () => {
  const reach = rule.dedupeMinutes;
  const many = Array.from({ length: 1000 }, (_, i) => hit('anna', i * 0.01));
  const later = hit('anna', 10 + reach + 1);
  const early = hit('anna', -1);
  const bert = hit('bert', 1);
  const otherRule = { ...hit('anna', 2), rule: other };
  const runs = runsOf([...many, later, bert, early, otherRule]);
  const shape = runs.map((r) => [r.rule.id, r.events[0]!.actorId, r.events.length]);
  assert.deepEqual(shape, [
    [rule.id, 'anna', 1001],
    [rule.id, 'anna', 1],
    [rule.id, 'bert', 1],
    [other.id, 'anna', 1],
  ]);
  assert.equal(runs[0]!.events[0], early.event, 'earliest first');
  assert.equal(runs[1]!.events[0], later.event);
});
