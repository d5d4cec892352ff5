// /privacy/destruction-lists: thin routes over DestructionService (destruction rounds, issue 12).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { afterOf } from '../../../kernel/http/cursor.ts';
import { DateTime, Nullable, Page, pageQuery, Reason, StringEnum, Uuid } from '../../../kernel/http/schemas.ts';
import { PRIVACY_DESTRUCTION } from '../privacy.permissions.ts';
import { DESTRUCTION_ITEM_STATUSES, DESTRUCTION_ROUND_STATUSES } from '../privacy.tables.ts';
import { toPdf } from './destruction.report.ts';
import type { DestructionService } from './destruction.service.ts';

const tags = ['privacy'];
const access = { permission: PRIVACY_DESTRUCTION };
const RoundParams = Type.Object({ roundId: Uuid });
const ItemParams = Type.Object({ roundId: Uuid, itemId: Uuid });
const Person = Nullable(Type.Object({ id: Uuid, displayName: Nullable(Type.String()) }));
const Counts = Type.Object(
  {
    contactMoments: Type.Integer(),
    documents: Type.Integer({ description: 'Crypto-shredded: their keys gone, their blobs removed' }),
    tasks: Type.Integer(),
    referrals: Type.Integer(),
    participants: Type.Integer(),
    assignments: Type.Integer(),
    incidents: Type.Integer(),
    personsErased: Type.Integer({ description: 'Took part in no other case: erased' }),
    personsKept: Type.Integer({ description: 'Took part in no other case, but something else (a referral) still refers to them' }),
  },
  { description: 'What went with the case(s), per kind' },
);
const Tally = Type.Object({
  pending: Type.Integer(),
  removed: Type.Integer(),
  destroyed: Type.Integer(),
  skipped: Type.Integer(),
  withdrawn: Type.Integer({ description: 'On the list when it was cancelled: proposed again next time' }),
  blobsPending: Type.Integer({ description: 'Destroyed cases whose document blobs still wait for removal (their keys are gone)' }),
  totals: Counts,
  byCaseType: Type.Record(Type.String(), Type.Integer(), { description: 'Destroyed cases per case type' }),
});
export const RoundSchema = Type.Object({
  id: Uuid,
  status: StringEnum(DESTRUCTION_ROUND_STATUSES),
  cutoff: Type.String({ format: 'date', description: 'Lists cases kept until before this day' }),
  proposedAt: DateTime,
  proposedBy: Person,
  reviewedBy: Person,
  reviewedAt: Nullable(DateTime),
  approvedBy: Person,
  approvedAt: Nullable(DateTime),
  cancelledBy: Person,
  cancelledAt: Nullable(DateTime),
  cancelReason: Nullable(Type.String()),
  startedAt: Nullable(DateTime),
  completedAt: Nullable(DateTime),
  tally: Tally,
  allowedActions: Type.Array(Type.String()),
});
const ItemSchema = Type.Object({
  id: Uuid,
  roundId: Uuid,
  caseId: Uuid,
  caseNumber: Type.String(),
  caseTypeKey: Type.String(),
  owningUnitId: Uuid,
  retentionUntil: Type.String({ format: 'date' }),
  status: StringEnum(DESTRUCTION_ITEM_STATUSES),
  legalHold: Type.Boolean({ description: 'On a live legal hold now: it will be skipped when its turn comes' }),
  removedBy: Person,
  removedAt: Nullable(DateTime),
  removalReason: Nullable(Type.String()),
  skipReason: Nullable(Type.String()),
  doneAt: Nullable(DateTime),
  counts: Nullable(Counts),
});
const ReportSchema = Type.Object({
  round: RoundSchema,
  generatedAt: DateTime,
  items: Type.Array(
    Type.Object({
      caseId: Uuid,
      caseNumber: Type.String(),
      caseTypeKey: Type.String(),
      owningUnitId: Uuid,
      retentionUntil: Type.String({ format: 'date' }),
      status: StringEnum(DESTRUCTION_ITEM_STATUSES),
      doneAt: Nullable(DateTime),
      skipReason: Nullable(Type.String()),
      removedBy: Person,
      removedAt: Nullable(DateTime),
      removalReason: Nullable(Type.String()),
      counts: Nullable(Counts),
    }),
  ),
});
const PdfFile = Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'PDF document' });
const Empty = Type.Object({}, { additionalProperties: false });
const ReasonBody = Type.Object({ reason: Reason }, { additionalProperties: false });

export function destructionRoutes(service: DestructionService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/',
      {
        config: { access },
        schema: {
          tags,
          summary: 'Destruction lists, newest first (audited)',
          querystring: Type.Object({ ...pageQuery() }, { additionalProperties: false }),
          response: { 200: Page(RoundSchema) },
        },
      },
      async (request) => service.list(request.actorContext(), { limit: request.query.limit, ...afterOf(request.query.after) }),
    );
    app.post(
      '/',
      {
        config: { access },
        schema: {
          tags,
          summary: 'Draw up a destruction list now of the cases past their retention date (not on legal hold)',
          description: 'The monthly schedule does the same. It lists the cases no open list holds yet; 409 when there is none.',
          body: Empty,
          response: { 201: RoundSchema },
        },
      },
      async (request, reply) => reply.code(201).send(await service.propose(request.actorContext())),
    );
    app.get(
      '/:roundId',
      {
        config: { access },
        schema: { tags, summary: 'One destruction list with its tally (audited)', params: RoundParams, response: { 200: RoundSchema } },
      },
      async (request) => service.get(request.actorContext(), request.params.roundId),
    );
    app.get(
      '/:roundId/items',
      {
        config: { access },
        schema: {
          tags,
          summary: 'The cases on a list, oldest retention date first, in the units where you hold privacy.destruction (audited)',
          params: RoundParams,
          querystring: Type.Object(
            { status: Type.Optional(StringEnum(DESTRUCTION_ITEM_STATUSES)), ...pageQuery() },
            { additionalProperties: false },
          ),
          response: { 200: Page(ItemSchema) },
        },
      },
      async (request) => {
        const { after, ...query } = request.query;
        return service.items(request.actorContext(), request.params.roundId, { ...query, ...afterOf(after) });
      },
    );
    app.post(
      '/:roundId/items/:itemId/remove',
      {
        config: { access },
        schema: {
          tags,
          summary: 'Take a case off a proposed list, with a reason (it is proposed again next time unless put on legal hold)',
          description: '409 once the list is reviewed: cancel it to start again.',
          params: ItemParams,
          body: ReasonBody,
          response: { 200: RoundSchema },
        },
      },
      async (request) => service.removeItem(request.actorContext(), request.params.roundId, request.params.itemId, request.body.reason),
    );
    app.post(
      '/:roundId/review',
      {
        config: { access },
        schema: {
          tags,
          summary: 'Review the list: the first signature; the list as it stands is what a second person approves',
          description: '403 when it holds cases of units where you do not hold privacy.destruction; 409 when not proposed or empty.',
          params: RoundParams,
          body: Empty,
          response: { 200: RoundSchema },
        },
      },
      async (request) => service.review(request.actorContext(), request.params.roundId),
    );
    app.post(
      '/:roundId/approve',
      {
        config: { access },
        schema: {
          tags,
          summary: 'Approve the reviewed list: the second signature, by another person; the cases are then destroyed',
          description: '403 four-eyes for whoever reviewed it (the database refuses it too); 409 when not reviewed.',
          params: RoundParams,
          body: Empty,
          response: { 200: RoundSchema },
        },
      },
      async (request) => service.approve(request.actorContext(), request.params.roundId),
    );
    app.post(
      '/:roundId/cancel',
      {
        config: { access },
        schema: {
          tags,
          summary: 'Cancel a list before it is carried out, with a reason (its cases are proposed again next time)',
          params: RoundParams,
          body: ReasonBody,
          response: { 200: RoundSchema },
        },
      },
      async (request) => service.cancel(request.actorContext(), request.params.roundId, request.body.reason),
    );
    app.get(
      '/:roundId/report',
      {
        config: { access },
        schema: {
          tags,
          summary: 'The destruction report: which cases went, what went with them, when, on whose approval (no personal data; audited)',
          params: RoundParams,
          response: { 200: ReportSchema },
        },
      },
      async (request) => service.report(request.actorContext(), request.params.roundId, 'json'),
    );
    app.get(
      '/:roundId/report.pdf',
      {
        config: { access },
        schema: {
          tags,
          summary: 'The destruction report as PDF, for the archive (audited)',
          params: RoundParams,
          response: { 200: { content: { 'application/pdf': { schema: PdfFile } } } },
        },
      },
      async (request, reply) => {
        const report = await service.report(request.actorContext(), request.params.roundId, 'pdf');
        return reply
          .type('application/pdf')
          .header('Content-Disposition', `attachment; filename="destruction-round-${report.round.id}.pdf"`)
          .send(await toPdf(report));
      },
    );
  };
}
