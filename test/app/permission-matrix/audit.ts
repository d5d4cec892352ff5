// Catalogue: reading the audit trail. The trail is the organisation's: search and export need
// audit.read / audit.export granted at the root unit, and the world grants every role in team a, so
// its security officer is refused too (the audit trail's own tests grant at the root). "Who looked at
// this client" is asked for the scope's client: those who work on her case (not as volunteer) see it.
import type { Entry } from './catalogue.ts';

const ORGANISATION_WIDE = 'the trail has no unit: audit.read / audit.export hold only when granted at the root unit';

export const auditEntries: Entry[] = [
  {
    route: 'GET /api/v1/audit/events',
    unscoped: ORGANISATION_WIDE,
    probe: (ctx) => ({ url: `/api/v1/audit/events?personId=${ctx.work.client.id}` }),
  },
  {
    route: 'GET /api/v1/audit/events/export',
    unscoped: ORGANISATION_WIDE,
    probe: (ctx) => ({ url: `/api/v1/audit/events/export?format=json&personId=${ctx.work.client.id}` }),
  },
  {
    route: 'GET /api/v1/audit/persons/:personId/accesses',
    probe: (ctx) => ({ url: `/api/v1/audit/persons/${ctx.work.client.id}/accesses` }),
  },
];
