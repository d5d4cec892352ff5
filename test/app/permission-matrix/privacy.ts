// Catalogue: the privacy module. The processing register is the organisation's, not a unit's (called
// once per caller); a data-subject request names a person, the client of the scope's case: the
// privacy officer answers it in every scope, the shielded case's client included (the export reads
// past case visibility for privacy.subject-access only), everyone else is refused.
import { REASON, type Entry, type ProbeContext } from './catalogue.ts';

const REGISTER = '/api/v1/privacy/processing-activities';
const ORGANISATION_WIDE = 'the processing register is the organisation’s, not a unit’s';

/** A processing activity of its own, covering no audit action, written over the owner login (a precondition). */
async function activity(ctx: ProbeContext): Promise<{ id: string; version: number }> {
  const key = ctx.world.unique('matrix-activity-');
  const [row] = await ctx.world.owner<{ id: string; version: number }>(
    `insert into processing_activity (key, name, purpose, legal_basis, retention, controller)
     values ($1, $1, 'Matrix', 'consent', 'Matrix', 'Matrix') returning id, version`,
    [key],
  );
  return row!;
}

const subjectAccess = (tail: string): Entry => ({
  route: `POST /api/v1/privacy/persons/:personId/${tail}`,
  probe: (ctx) => ({ url: `/api/v1/privacy/persons/${ctx.work.client.id}/${tail}`, body: { reason: REASON } }),
});

export const privacy: Entry[] = [
  { route: `GET ${REGISTER}`, unscoped: ORGANISATION_WIDE, probe: () => ({ url: REGISTER }) },
  {
    route: `POST ${REGISTER}`,
    unscoped: ORGANISATION_WIDE,
    probe: (ctx) => {
      const key = ctx.world.unique('matrix-new-activity-');
      return {
        url: REGISTER,
        body: { key, name: key, purpose: 'Matrix', legalBasis: 'consent', retention: 'Matrix', controller: 'Matrix' },
      };
    },
  },
  {
    route: `GET ${REGISTER}/:activityId`,
    unscoped: ORGANISATION_WIDE,
    probe: async (ctx) => ({ url: `${REGISTER}/${(await activity(ctx)).id}` }),
  },
  {
    route: `GET ${REGISTER}/:activityId/history`,
    unscoped: ORGANISATION_WIDE,
    probe: async (ctx) => ({ url: `${REGISTER}/${(await activity(ctx)).id}/history` }),
  },
  {
    route: `PATCH ${REGISTER}/:activityId`,
    unscoped: ORGANISATION_WIDE,
    probe: async (ctx) => {
      const { id, version } = await activity(ctx);
      return { url: `${REGISTER}/${id}`, body: { version, purpose: 'Matrix, changed' } };
    },
  },
  {
    route: `POST ${REGISTER}/:activityId/retire`,
    unscoped: ORGANISATION_WIDE,
    probe: async (ctx) => {
      const { id, version } = await activity(ctx);
      return { url: `${REGISTER}/${id}/retire`, body: { version, reason: REASON } };
    },
  },
  {
    route: 'POST /api/v1/privacy/persons/search',
    probe: (ctx) => ({ url: '/api/v1/privacy/persons/search', body: { reason: REASON, bsn: ctx.work.client.bsn } }),
  },
  subjectAccess('subject-access'),
  subjectAccess('subject-access.pdf'),
  subjectAccess('rectification-history'),
];
