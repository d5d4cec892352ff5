// Sealed audit events made in memory, for tests of what consumers of the sealed stream do with them
// (the audit module's shipping) without writing and sealing them first.
import { randomBytes, randomUUID } from 'node:crypto';
import type { SealedEvent } from '../../src/modules/audit/index.ts';

let leaf = 0;

/** A user's successful person.read of a new person, with a trace; `overrides` change any field. */
export function sealedEvent(overrides: Partial<SealedEvent> = {}): SealedEvent {
  const personId = randomUUID();
  leaf += 1;
  return {
    leafIndex: String(leaf),
    id: String(1000 + leaf),
    occurredAt: new Date('2026-03-04T10:11:12.345Z'),
    actorKind: 'user',
    actorId: randomUUID(),
    action: 'person.read',
    objectType: 'person',
    objectId: personId,
    dataSubjectId: personId,
    result: 'success',
    reason: null,
    originIp: '192.0.2.10',
    userAgent: 'Mozilla/5.0 (test)',
    requestId: randomUUID(),
    traceId: randomBytes(16).toString('hex'),
    changedFields: null,
    details: null,
    objectIds: null,
    dataSubjectIds: null,
    ...overrides,
  };
}
