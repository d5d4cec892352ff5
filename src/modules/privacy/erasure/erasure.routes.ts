// /privacy/persons/{personId}/erasure: thin routes over ErasureService (issue 12).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DateTime, Nullable, Reason, StringEnum, Uuid } from '../../../kernel/http/schemas.ts';
import { PRIVACY_ERASURE } from '../privacy.permissions.ts';
import type { ErasureService } from './erasure.service.ts';

const tags = ['privacy'];
const access = { permission: PRIVACY_ERASURE };
const Params = Type.Object({ personId: Uuid });
const Effects = Type.Object(
  {
    persons: Type.Integer({ description: 'The person and the duplicates merged into it' }),
    consents: Type.Integer(),
    contactMoments: Type.Integer({ description: 'Deleted: those with the person and all of the cases about them' }),
    documents: Type.Integer({ description: 'Crypto-shredded: the documents of the cases about the person' }),
    tasks: Type.Integer(),
    referrals: Type.Integer({ description: 'Stripped of what the referrer sent; their countable facts stay' }),
    cases: Type.Integer({ description: 'Cases about the person, their free text scrubbed; they stay until their retention ends' }),
    incidents: Type.Integer({ description: 'Incidents only those cases refer to, scrubbed' }),
  },
  { description: 'What erasure removes or changes, per kind' },
);
// One schema per reason (a union), so the document says which members each carries.
const Blocker = Type.Union([
  Type.Object({ reason: Type.Literal('merged'), personId: Uuid }),
  Type.Object({ reason: Type.Literal('open-case'), caseId: Uuid, caseNumber: Nullable(Type.String()) }),
  Type.Object({ reason: Type.Literal('legal-hold'), caseId: Uuid, caseNumber: Nullable(Type.String()) }),
  Type.Object({ reason: Type.Literal('live-referral'), referralId: Uuid }),
]);
const Preview = Type.Object({
  personId: Uuid,
  displayName: Type.String({ description: 'To confirm whom you erase' }),
  dateOfBirth: Nullable(Type.String({ format: 'date' })),
  anonymisedAt: Nullable(DateTime),
  outcome: StringEnum(['refused', 'anonymise', 'erase'], {
    description: 'refused while a reason to keep stands; anonymise while a (closed) case remains; erase when none does',
  }),
  blockers: Type.Array(Blocker, { description: 'The reasons to keep the person now' }),
  effects: Effects,
});
const Result = Type.Object({ personId: Uuid, outcome: StringEnum(['anonymised', 'erased']), effects: Effects });

export function erasureRoutes(service: ErasureService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/',
      {
        config: { access },
        schema: {
          tags,
          summary: 'What erasing the person would do, or why it is refused now (audited)',
          description:
            '404 when the person does not exist, or a case or referral of theirs lies outside the units where you hold privacy.erasure.',
          params: Params,
          response: { 200: Preview },
        },
      },
      async (request) => service.preview(request.actorContext(), request.params.personId),
    );
    app.post(
      '/',
      {
        config: { access },
        schema: {
          tags,
          summary: 'Erase the person (anonymise while a closed case remains), with the legal ground as reason (audited)',
          description:
            "Refused with 409 urn:casus:problem:erasure-refused and `reasons` (as the preview's blockers) while a case is open or on legal hold, a referral is being worked, or the person was merged into another. Not undone.",
          params: Params,
          body: Type.Object({ reason: Reason }, { additionalProperties: false }),
          response: { 200: Result },
        },
      },
      async (request) => service.execute(request.actorContext(), request.params.personId, request.body.reason),
    );
  };
}
