// Catalogue: cases, break-the-glass, incidents, the case screen, contact moments, documents, persons,
// referrals, tasks and search. In every scope the resource is the scope's own (world.ts): the case,
// its client, incident, referral, task, contact moment, document.
import { REASON, type Entry, type ProbeContext } from './catalogue.ts';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Title (matrix) >> endobj\n%%EOF\n');
const OPEN_REFERRAL = {
  scopes: ['shielded' as const],
  why: 'an open referral belongs to its unit; shielding is a case’s (its converted referral is the `converted` row)',
};
const UNIT_ONLY = { scopes: ['shielded' as const], why: 'made in a unit: the shielded case lives in team a, as `own`' };
const unitList = {
  scopes: ['shielded' as const],
  why: 'a list filtered by unit; what it shows of the shielded case is the sweep’s (shielded-sweep.test.ts)',
};
const caseUrl = (ctx: ProbeContext, tail = '') => `/api/v1/cases/${ctx.work.kase.id}${tail}`;

export const casework: Entry[] = [
  // Cases.
  { route: 'GET /api/v1/cases', without: unitList, probe: (ctx) => ({ url: `/api/v1/cases?view=all&unitId=${ctx.work.unitId}` }) },
  {
    route: 'POST /api/v1/cases',
    probe: (ctx) => ({
      url: '/api/v1/cases',
      body: { owningUnitId: ctx.work.unitId, ...(ctx.scope === 'shielded' ? { confidentiality: 'shielded' } : {}) },
    }),
  },
  { route: 'GET /api/v1/cases/:caseId', probe: (ctx) => ({ url: caseUrl(ctx) }) },
  {
    route: 'PATCH /api/v1/cases/:caseId',
    probe: async (ctx) => ({
      url: caseUrl(ctx),
      body: { version: await ctx.version('case_file', ctx.work.kase.id), tracks: ['emotional'] },
    }),
  },
  {
    route: 'POST /api/v1/cases/:caseId/close',
    probe: async (ctx) => {
      const { caseId } = await ctx.fresh('case');
      return { url: `/api/v1/cases/${caseId}/close`, body: { version: await ctx.version('case_file', caseId), reason: REASON } };
    },
  },
  {
    route: 'POST /api/v1/cases/:caseId/reopen',
    probe: async (ctx) => {
      const { caseId } = await ctx.fresh('closed-case');
      return { url: `/api/v1/cases/${caseId}/reopen`, body: { version: await ctx.version('case_file', caseId), reason: REASON } };
    },
  },
  {
    route: 'POST /api/v1/cases/:caseId/assignments',
    probe: async (ctx) => ({
      url: `/api/v1/cases/${(await ctx.fresh('case')).caseId}/assignments`,
      body: { userId: ctx.org.member.id, role: 'worker' },
    }),
  },
  {
    route: 'POST /api/v1/cases/:caseId/assignments/:assignmentId/end',
    probe: async (ctx) => {
      const kase = await ctx.fresh('case');
      return { url: `/api/v1/cases/${kase.caseId}/assignments/${kase.bystanderAssignmentId}/end`, body: { reason: REASON } };
    },
  },
  {
    route: 'POST /api/v1/cases/:caseId/participants',
    probe: async (ctx) => ({
      url: `/api/v1/cases/${(await ctx.fresh('case')).caseId}/participants`,
      body: { personId: ctx.work.client.id, role: 'witness' },
    }),
  },
  { route: 'GET /api/v1/cases/:caseId/access-grants', probe: (ctx) => ({ url: caseUrl(ctx, '/access-grants') }) },
  {
    route: 'POST /api/v1/cases/:caseId/access-grants',
    probe: (ctx) => ({ url: caseUrl(ctx, '/access-grants'), body: { userId: ctx.org.member.id, reason: REASON } }),
  },
  {
    // A success opens the case to the caller: always a case of its own.
    route: 'POST /api/v1/cases/break-glass',
    probe: async (ctx) => ({
      url: '/api/v1/cases/break-glass',
      body: { caseNumber: (await ctx.fresh('case')).caseNumber, reason: REASON },
    }),
  },
  {
    route: 'GET /api/v1/break-glass-requests',
    unscoped: 'the requests one made or may decide, whatever their unit (what it lists is the sweep’s)',
    probe: () => ({ url: '/api/v1/break-glass-requests' }),
  },
  ...(['approve', 'refuse'] as const).map((decision): Entry => ({
    // Own, other, parent: a request on a shielded case of that unit; shielded: on the world's shielded case.
    route: `POST /api/v1/break-glass-requests/:requestId/${decision}`,
    probe: async (ctx) => ({
      url: `/api/v1/break-glass-requests/${(await ctx.fresh('break-glass-request')).requestId}/${decision}`,
      body: { comment: REASON },
    }),
  })),
  {
    route: 'GET /api/v1/break-glass-accesses',
    unscoped: 'the accesses to cases of every unit where one reviews (what it lists is the sweep’s)',
    probe: () => ({ url: '/api/v1/break-glass-accesses' }),
  },
  {
    route: 'POST /api/v1/break-glass-accesses/:grantId/review',
    probe: async (ctx) => ({
      url: `/api/v1/break-glass-accesses/${(await ctx.fresh('break-glass-access')).grantId}/review`,
      body: { comment: REASON },
    }),
  },

  // Incidents.
  { route: 'GET /api/v1/incidents', probe: (ctx) => ({ url: `/api/v1/incidents?policeReference=${ctx.work.incident.policeReference}` }) },
  {
    route: 'POST /api/v1/incidents',
    without: UNIT_ONLY,
    probe: (ctx) => ({ url: '/api/v1/incidents', body: { owningUnitId: ctx.work.unitId, category: 'other' } }),
  },
  { route: 'GET /api/v1/incidents/:incidentId', probe: (ctx) => ({ url: `/api/v1/incidents/${ctx.work.incident.id}` }) },
  {
    route: 'PATCH /api/v1/incidents/:incidentId',
    probe: async (ctx) => ({
      url: `/api/v1/incidents/${ctx.work.incident.id}`,
      body: { version: await ctx.version('incident', ctx.work.incident.id), place: ctx.work.incident.place },
    }),
  },

  // The case screen, contact moments, documents.
  { route: 'GET /api/v1/cases/:caseId/overview', probe: (ctx) => ({ url: caseUrl(ctx, '/overview') }) },
  { route: 'GET /api/v1/cases/:caseId/contact-moments', probe: (ctx) => ({ url: caseUrl(ctx, '/contact-moments') }) },
  {
    route: 'POST /api/v1/cases/:caseId/contact-moments',
    probe: (ctx) => ({
      url: caseUrl(ctx, '/contact-moments'),
      body: { channel: 'phone', direction: 'inbound', outcome: 'reached', summary: 'Matrix: belde terug.' },
    }),
  },
  {
    route: 'GET /api/v1/contact-moments/:contactMomentId',
    probe: (ctx) => ({ url: `/api/v1/contact-moments/${ctx.work.contactMoment.id}` }),
  },
  {
    route: 'PATCH /api/v1/contact-moments/:contactMomentId',
    probe: async (ctx) => ({
      url: `/api/v1/contact-moments/${ctx.work.contactMoment.id}`,
      body: { version: await ctx.version('contact_moment', ctx.work.contactMoment.id), outcome: 'reached', reason: REASON },
    }),
  },
  { route: 'GET /api/v1/cases/:caseId/documents', probe: (ctx) => ({ url: caseUrl(ctx, '/documents') }) },
  {
    route: 'POST /api/v1/cases/:caseId/documents',
    probe: (ctx) => ({
      url: caseUrl(ctx, '/documents'),
      raw: PDF,
      headers: { 'content-type': 'application/octet-stream', 'content-disposition': "attachment; filename*=UTF-8''matrix.pdf" },
    }),
  },
  {
    route: 'GET /api/v1/documents/quarantine',
    unscoped: 'quarantined files of every case, without names or content (by design, for documents.manage-quarantine)',
    probe: () => ({ url: '/api/v1/documents/quarantine' }),
  },
  { route: 'GET /api/v1/documents/:documentId', probe: (ctx) => ({ url: `/api/v1/documents/${ctx.work.document.id}` }) },
  { route: 'GET /api/v1/documents/:documentId/content', probe: (ctx) => ({ url: `/api/v1/documents/${ctx.work.document.id}/content` }) },
  {
    route: 'PATCH /api/v1/documents/:documentId',
    probe: async (ctx) => ({
      url: `/api/v1/documents/${ctx.work.document.id}`,
      body: { version: await ctx.version('document', ctx.work.document.id), filename: ctx.work.document.filename },
    }),
  },
  {
    route: 'POST /api/v1/documents/:documentId/delete',
    probe: async (ctx) => {
      const { documentId } = await ctx.fresh('document');
      return {
        url: `/api/v1/documents/${documentId}/delete`,
        body: { version: await ctx.version('document', documentId), reason: REASON },
      };
    },
  },

  // Persons.
  {
    route: 'POST /api/v1/persons',
    unscoped: 'a person is registered in no unit (she is seen through the cases she takes part in)',
    probe: (ctx) => ({ url: '/api/v1/persons', body: { achternaam: ctx.world.unique('Matrixpersoon'), confirmNoDuplicate: true } }),
  },
  { route: 'GET /api/v1/persons/:personId', probe: (ctx) => ({ url: `/api/v1/persons/${ctx.work.client.id}` }) },
  {
    route: 'POST /api/v1/persons/:personId/bsn/reveal',
    probe: (ctx) => ({ url: `/api/v1/persons/${ctx.work.client.id}/bsn/reveal`, body: {} }),
  },
  { route: 'GET /api/v1/persons/:personId/consents', probe: (ctx) => ({ url: `/api/v1/persons/${ctx.work.client.id}/consents` }) },
  {
    route: 'PATCH /api/v1/persons/:personId',
    probe: async (ctx) => ({
      url: `/api/v1/persons/${ctx.work.client.id}`,
      body: { version: await ctx.version('person', ctx.work.client.id), roepnaam: ctx.work.client.voornamen },
    }),
  },
  {
    route: 'POST /api/v1/persons/:personId/consents',
    probe: (ctx) => ({
      url: `/api/v1/persons/${ctx.work.client.id}/consents`,
      body: { subject: 'support', given: true, source: 'client' },
    }),
  },
  {
    // The duplicate (a witness in the scope's case) is used up by a merge.
    route: 'POST /api/v1/persons/:personId/merge',
    probe: async (ctx) => ({
      url: `/api/v1/persons/${ctx.work.client.id}/merge`,
      body: { duplicateId: (await ctx.fresh('person')).personId, reason: REASON },
    }),
  },

  // Referrals.
  { route: 'GET /api/v1/referrals', without: unitList, probe: (ctx) => ({ url: `/api/v1/referrals?view=all&unitId=${ctx.work.unitId}` }) },
  {
    route: 'POST /api/v1/referrals',
    without: UNIT_ONLY,
    probe: (ctx) => ({
      url: '/api/v1/referrals',
      body: { source: 'police', channel: 'phone', owningUnitId: ctx.work.unitId, person: { achternaam: 'Matrixaanmelding' } },
    }),
  },
  {
    route: 'GET /api/v1/referrals/:referralId',
    variant: 'open',
    without: OPEN_REFERRAL,
    probe: (ctx) => ({ url: `/api/v1/referrals/${ctx.work.openReferral.id}` }),
  },
  {
    route: 'GET /api/v1/referrals/:referralId',
    variant: 'converted',
    probe: (ctx) => ({ url: `/api/v1/referrals/${ctx.work.referral.id}` }),
  },
  {
    // Taking it from the queue (oneself) or, with referrals.assign, giving it: either way it is then assigned.
    route: 'POST /api/v1/referrals/:referralId/assign',
    without: OPEN_REFERRAL,
    probe: async (ctx) => {
      const { referralId } = await ctx.fresh('open-referral');
      return {
        url: `/api/v1/referrals/${referralId}/assign`,
        body: { version: await ctx.version('referral', referralId), userId: ctx.caller.id ?? ctx.org.member.id },
      };
    },
  },
  {
    route: 'POST /api/v1/referrals/:referralId/attempts',
    variant: 'open',
    without: OPEN_REFERRAL,
    probe: (ctx) => ({ url: `/api/v1/referrals/${ctx.work.openReferral.id}/attempts`, body: { channel: 'phone', outcome: 'reached' } }),
  },
  {
    route: 'POST /api/v1/referrals/:referralId/attempts',
    variant: 'converted',
    probe: (ctx) => ({ url: `/api/v1/referrals/${ctx.work.referral.id}/attempts`, body: { channel: 'phone', outcome: 'reached' } }),
  },
  {
    route: 'POST /api/v1/referrals/:referralId/convert',
    without: OPEN_REFERRAL,
    probe: async (ctx) => {
      const { referralId } = await ctx.fresh('open-referral');
      return {
        url: `/api/v1/referrals/${referralId}/convert`,
        body: {
          version: await ctx.version('referral', referralId),
          person: { achternaam: ctx.world.unique('Omgezet'), confirmNoDuplicate: true },
        },
      };
    },
  },
  {
    route: 'POST /api/v1/referrals/:referralId/close',
    without: OPEN_REFERRAL,
    probe: async (ctx) => {
      const { referralId } = await ctx.fresh('open-referral');
      return {
        url: `/api/v1/referrals/${referralId}/close`,
        body: { version: await ctx.version('referral', referralId), status: 'declined', reason: REASON },
      };
    },
  },
  {
    route: 'POST /api/v1/integration/referrals',
    without: UNIT_ONLY,
    probe: (ctx) => ({
      url: '/api/v1/integration/referrals',
      headers: { 'idempotency-key': ctx.world.unique('matrix-key-') },
      body: { source: 'police', unitCode: ctx.work.unitCode, consent: { given: true }, person: { achternaam: 'Matrixketen' } },
    }),
  },

  // Tasks.
  { route: 'GET /api/v1/tasks', probe: (ctx) => ({ url: `/api/v1/tasks?view=all&caseId=${ctx.work.kase.id}` }) },
  {
    route: 'POST /api/v1/tasks',
    variant: 'on a case',
    probe: (ctx) => ({ url: '/api/v1/tasks', body: { caseId: ctx.work.kase.id, title: 'Matrix', dueInWorkingDays: 2 } }),
  },
  {
    route: 'POST /api/v1/tasks',
    variant: 'on a referral',
    without: OPEN_REFERRAL,
    probe: (ctx) => ({ url: '/api/v1/tasks', body: { referralId: ctx.work.openReferral.id, title: 'Matrix', dueInWorkingDays: 2 } }),
  },
  { route: 'GET /api/v1/tasks/:taskId', variant: 'on a case', probe: (ctx) => ({ url: `/api/v1/tasks/${ctx.work.caseTask.id}` }) },
  {
    route: 'GET /api/v1/tasks/:taskId',
    variant: 'on a referral',
    without: OPEN_REFERRAL,
    probe: (ctx) => ({ url: `/api/v1/tasks/${ctx.work.openReferral.taskId}` }),
  },
  {
    route: 'PATCH /api/v1/tasks/:taskId',
    probe: async (ctx) => ({
      url: `/api/v1/tasks/${ctx.work.caseTask.id}`,
      body: { version: await ctx.version('task', ctx.work.caseTask.id), title: ctx.work.caseTask.title },
    }),
  },
  {
    route: 'POST /api/v1/tasks/:taskId/complete',
    probe: async (ctx) => {
      const { taskId } = await ctx.fresh('task');
      return { url: `/api/v1/tasks/${taskId}/complete`, body: { version: await ctx.version('task', taskId) } };
    },
  },
  {
    route: 'POST /api/v1/tasks/:taskId/cancel',
    probe: async (ctx) => {
      const { taskId } = await ctx.fresh('task');
      return { url: `/api/v1/tasks/${taskId}/cancel`, body: { version: await ctx.version('task', taskId), reason: REASON } };
    },
  },

  // Search.
  {
    route: 'POST /api/v1/search',
    probe: (ctx) => ({ url: '/api/v1/search', body: { query: `${ctx.work.client.voornamen} ${ctx.work.client.achternaam}` } }),
  },
];
