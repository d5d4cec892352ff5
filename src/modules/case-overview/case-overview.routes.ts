// GET /cases/{caseId}/overview: a thin route over CaseOverviewService. Mounted at
// /cases/:caseId/overview (Fastify takes path parameters in a plugin's prefix), beside the cases
// module's own plugin, as the contacts module mounts /cases/:caseId/contact-moments.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { setEtag } from '../../kernel/http/concurrency.ts';
import { DateTime, Nullable, Uuid } from '../../kernel/http/schemas.ts';
import { CaseSchema } from '../cases/index.ts';
import { ContactMomentAnswer } from '../contacts/index.ts';
import type { CaseOverviewService } from './case-overview.service.ts';

const Participant = { id: Uuid, personId: Uuid, role: Type.String(), primaryClient: Type.Boolean(), addedAt: DateTime };

const PersonSummary = Type.Object(
  {
    id: Uuid,
    displayName: Type.String({ description: 'Roepnaam (else the first voornaam), tussenvoegsel, achternaam' }),
    voornamen: Nullable(Type.String()),
    roepnaam: Nullable(Type.String()),
    tussenvoegsel: Nullable(Type.String()),
    achternaam: Type.String(),
    dateOfBirth: Nullable(Type.String({ format: 'date' })),
    preferredLanguage: Type.String(),
    interpreterNeeded: Type.Boolean(),
    confidentialAddress: Type.Boolean({ description: 'The address is confidential: handle mail and visits with care' }),
  },
  { description: 'Never the BSN, contact details or address: those are on GET /persons/{personId}' },
);

const OpenTask = Type.Object({
  id: Uuid,
  title: Type.String(),
  assigneeUserId: Nullable(Uuid),
  dueAt: DateTime,
  overdue: Type.Boolean(),
  version: Type.Integer(),
  allowedActions: Type.Array(Type.String()),
});

// The case exactly as GET /cases/{caseId} answers, and contact moments as GET /contact-moments/{id}
// answers them (with allowedActions): the owning modules' own response schemas.
const CaseOverviewSchema = Type.Object({
  case: CaseSchema,
  participants: Type.Array(Type.Object({ ...Participant, person: Nullable(PersonSummary) }), {
    description: '`person` is null for a person you cannot see',
  }),
  latestContactMoments: Type.Array(ContactMomentAnswer, {
    description: 'The latest 10, newest first; more on GET /cases/{caseId}/contact-moments',
  }),
  openTasks: Type.Object({
    count: Type.Integer(),
    items: Type.Array(OpenTask, { description: 'The first 5 by due moment, overdue first; all on GET /tasks?view=all&caseId=' }),
  }),
  allowedActions: Type.Array(Type.String(), { description: 'What you may do with the case (as on GET /cases/{caseId})' }),
});

/** Mounted at /cases/:caseId/overview. */
export function caseOverviewRoutes(service: CaseOverviewService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/',
      {
        config: { access: { authenticated: true } },
        schema: {
          tags: ['cases'],
          summary:
            'The case screen in one request: the case, its participants by name, the latest contact moments and the open tasks (audited); 404 when the case is not visible to you',
          description: 'The ETag is the case’s (as on GET /cases/{caseId}): send it in If-Match when changing the case.',
          params: Type.Object({ caseId: Uuid }),
          response: { 200: CaseOverviewSchema },
        },
      },
      async (request, reply) => {
        const overview = await service.get(request.actorContext(), request.params.caseId);
        setEtag(reply, 'case', overview.case.id, overview.case.version);
        return overview;
      },
    );
  };
}
