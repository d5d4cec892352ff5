// /cases/{caseId}/legal-hold: thin routes over LegalHoldService (mounted with the case id in the prefix).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DateTime, Nullable, Reason, Uuid } from '../../kernel/http/schemas.ts';
import type { LegalHoldService } from './legal-hold.service.ts';

const Params = Type.Object({ caseId: Uuid });
const Hold = Type.Object({
  id: Uuid,
  reason: Type.String(),
  setBy: Uuid,
  setByName: Nullable(Type.String()),
  setAt: DateTime,
  liftedAt: Nullable(DateTime),
  liftedBy: Nullable(Uuid),
  liftedByName: Nullable(Type.String()),
  liftReason: Nullable(Type.String()),
});
export const CaseLegalHoldSchema = Type.Object({
  caseId: Uuid,
  held: Type.Boolean({ description: 'A live hold keeps the case past its retention date; nobody in it is erased' }),
  holds: Type.Array(Hold, { description: 'Every hold, newest first' }),
});
const ReasonBody = Type.Object({ reason: Reason }, { additionalProperties: false });
const PERMISSION = 'cases.legal-hold';

export function legalHoldRoutes(holds: LegalHoldService): FastifyPluginAsyncTypebox {
  return async (app) => {
    const tags = ['cases'];
    app.get(
      '/',
      {
        config: { access: { permission: PERMISSION } },
        schema: {
          tags,
          summary: 'The case’s legal holds, live and lifted, with their reasons (audited)',
          description: 'For holders of cases.legal-hold in the case’s unit, whether or not they see the case.',
          params: Params,
          response: { 200: CaseLegalHoldSchema },
        },
      },
      async (request) => holds.get(request.actorContext(), request.params.caseId),
    );
    app.post(
      '/',
      {
        config: { access: { permission: PERMISSION } },
        schema: {
          tags,
          summary: 'Put the case on legal hold with a reason: it is kept past its retention date and nobody in it is erased',
          description: '409 when it is on hold already.',
          params: Params,
          body: ReasonBody,
          response: { 200: CaseLegalHoldSchema },
        },
      },
      async (request) => holds.set(request.actorContext(), request.params.caseId, request.body.reason),
    );
    app.post(
      '/lift',
      {
        config: { access: { permission: PERMISSION } },
        schema: {
          tags,
          summary: 'Lift the case’s legal hold with a reason (the hold stays in its history)',
          description: '409 when it is not on hold.',
          params: Params,
          body: ReasonBody,
          response: { 200: CaseLegalHoldSchema },
        },
      },
      async (request) => holds.lift(request.actorContext(), request.params.caseId, request.body.reason),
    );
  };
}
