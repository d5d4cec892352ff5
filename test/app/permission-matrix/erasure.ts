// Catalogue: legal holds on cases, destruction lists and the erasure of a person (issue 12). A legal
// hold acts on the scope's case; a destruction list made for a scope holds only a due case of that
// scope's unit (world.ts, drawn up and, where the route needs it, reviewed by a national privacy
// officer), so its answers show the units where the caller holds privacy.destruction; erasure acts on
// the scope's client (an open case: refused) or a fresh client of a closed case.
import { REASON, type Entry } from './catalogue.ts';

const lists = '/api/v1/privacy/destruction-lists';

export const erasureEntries: Entry[] = [
  // Legal holds.
  { route: 'GET /api/v1/cases/:caseId/legal-hold', probe: (ctx) => ({ url: `/api/v1/cases/${ctx.work.kase.id}/legal-hold` }) },
  {
    route: 'POST /api/v1/cases/:caseId/legal-hold',
    probe: async (ctx) => ({ url: `/api/v1/cases/${(await ctx.fresh('case')).caseId}/legal-hold`, body: { reason: REASON } }),
  },
  {
    route: 'POST /api/v1/cases/:caseId/legal-hold/lift',
    probe: async (ctx) => ({ url: `/api/v1/cases/${(await ctx.fresh('held-case')).caseId}/legal-hold/lift`, body: { reason: REASON } }),
  },

  // Destruction lists.
  {
    route: 'GET /api/v1/privacy/destruction-lists',
    unscoped: 'the organisation’s destruction lists (their cases are listed by unit: the items route)',
    probe: () => ({ url: `${lists}?limit=5` }),
  },
  {
    route: 'POST /api/v1/privacy/destruction-lists',
    unscoped: 'a list holds every due case no open list holds, of any unit (signing it is by unit: review, approve)',
    probe: async (ctx) => {
      await ctx.fresh('due-case');
      return { url: lists, body: {} };
    },
  },
  {
    route: 'GET /api/v1/privacy/destruction-lists/:roundId',
    probe: async (ctx) => ({ url: `${lists}/${(await ctx.fresh('destruction-list')).roundId}` }),
  },
  {
    route: 'GET /api/v1/privacy/destruction-lists/:roundId/items',
    probe: async (ctx) => ({ url: `${lists}/${(await ctx.fresh('destruction-list')).roundId}/items` }),
  },
  {
    route: 'POST /api/v1/privacy/destruction-lists/:roundId/items/:itemId/remove',
    probe: async (ctx) => {
      const list = await ctx.fresh('destruction-list');
      return { url: `${lists}/${list.roundId}/items/${list.itemId}/remove`, body: { reason: REASON } };
    },
  },
  {
    route: 'POST /api/v1/privacy/destruction-lists/:roundId/review',
    probe: async (ctx) => ({ url: `${lists}/${(await ctx.fresh('destruction-list')).roundId}/review`, body: {} }),
  },
  {
    route: 'POST /api/v1/privacy/destruction-lists/:roundId/approve',
    probe: async (ctx) => ({ url: `${lists}/${(await ctx.fresh('reviewed-list')).roundId}/approve`, body: {} }),
  },
  {
    route: 'POST /api/v1/privacy/destruction-lists/:roundId/cancel',
    probe: async (ctx) => ({ url: `${lists}/${(await ctx.fresh('destruction-list')).roundId}/cancel`, body: { reason: REASON } }),
  },
  {
    route: 'GET /api/v1/privacy/destruction-lists/:roundId/report',
    probe: async (ctx) => ({ url: `${lists}/${(await ctx.fresh('destruction-list')).roundId}/report` }),
  },
  {
    route: 'GET /api/v1/privacy/destruction-lists/:roundId/report.pdf',
    probe: async (ctx) => ({ url: `${lists}/${(await ctx.fresh('destruction-list')).roundId}/report.pdf` }),
  },

  // Erasure: the scope's client takes part in an open case (the preview says refused); the erasure
  // itself acts on a fresh client of a closed case.
  {
    route: 'GET /api/v1/privacy/persons/:personId/erasure',
    probe: (ctx) => ({ url: `/api/v1/privacy/persons/${ctx.work.client.id}/erasure` }),
  },
  {
    route: 'POST /api/v1/privacy/persons/:personId/erasure',
    probe: async (ctx) => ({
      url: `/api/v1/privacy/persons/${(await ctx.fresh('erasable-person')).personId}/erasure`,
      body: { reason: REASON },
    }),
  },
  {
    route: 'POST /api/v1/privacy/persons/:personId/erasure',
    variant: 'open case: refused',
    probe: (ctx) => ({ url: `/api/v1/privacy/persons/${ctx.work.client.id}/erasure`, body: { reason: REASON } }),
  },
];
