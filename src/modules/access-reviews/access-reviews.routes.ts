// Access reviews over HTTP. Thin: validate -> AccessReviewService -> present. Campaigns are run by
// holders of access-reviews.manage and read with access-reviews.read; reviewers need no permission of
// their own: being named on an item is what lets them see and decide it.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Nullable, StringEnum, Uuid } from '../../kernel/http/schemas.ts';
import type { AccessReviewService } from './access-reviews.service.ts';
import { CampaignSchema, ItemSchema } from './access-reviews.presenter.ts';
import { MANAGE, READ } from './access-reviews.permissions.ts';
import { reportRows, toCsv, toPdf } from './access-reviews.report.ts';

const TAGS = ['access reviews'];
const CampaignParams = Type.Object({ campaignId: Uuid });
const Limit = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })) },
  { additionalProperties: false },
);

const StartBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    scope: StringEnum(['all', 'privileged'], { description: 'privileged: only roles holding a permission marked privileged' }),
    unitId: Type.Optional(Nullable(Uuid, { description: 'Review this unit and its subtree; omitted or null: the whole organisation' })),
    deadline: Type.String({ format: 'date-time', description: 'In the future, at most 366 days ahead' }),
    onMissed: StringEnum(['escalate', 'revoke'], { description: 'What happens to items nobody decided by the deadline' }),
  },
  { additionalProperties: false },
);

const DecisionBody = Type.Object(
  {
    decision: StringEnum(['keep', 'revoke']),
    comment: Type.Optional(
      Nullable(Type.String({ maxLength: 2000 }), { description: 'Required when revoking; recorded on the revoked grant' }),
    ),
  },
  { additionalProperties: false },
);

const CsvFile = Type.String({ description: 'RFC 4180 CSV, UTF-8 with byte order mark' });
const PdfFile = Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'PDF document' });

export function accessReviewRoutes(service: AccessReviewService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/campaigns',
      {
        config: { access: { permission: MANAGE } },
        schema: {
          tags: TAGS,
          summary: 'Start a review campaign: snapshot the grants in scope and hand each to its reviewer',
          description:
            "Each grant goes to the manager responsible for its unit (never to the grantee: then the next manager up; without one, to you). Needs access-reviews.manage in the campaign's unit (the root for the whole organisation).",
          body: StartBody,
          response: { 201: CampaignSchema },
        },
      },
      async (request, reply) => {
        const campaign = await service.start(request.actorContext(), { ...request.body, unitId: request.body.unitId ?? null });
        return reply.code(201).send(campaign);
      },
    );

    app.get(
      '/campaigns',
      {
        config: { access: { permission: READ } },
        schema: {
          tags: TAGS,
          summary: 'Campaigns you may read, open ones first, with their progress',
          querystring: Limit,
          response: { 200: Type.Object({ items: Type.Array(CampaignSchema) }) },
        },
      },
      async (request) => ({ items: await service.list(request.actorContext(), request.query.limit ?? 200) }),
    );

    app.get(
      '/campaigns/:campaignId',
      {
        config: { access: { permission: READ } },
        schema: { tags: TAGS, summary: 'One campaign with its progress', params: CampaignParams, response: { 200: CampaignSchema } },
      },
      async (request) => service.get(request.actorContext(), request.params.campaignId),
    );

    app.post(
      '/campaigns/:campaignId/close',
      {
        config: { access: { permission: MANAGE } },
        schema: {
          tags: TAGS,
          summary: 'Close a campaign now; undecided items stay unreviewed in the report',
          params: CampaignParams,
          body: Type.Object({}, { additionalProperties: false }),
          response: { 200: CampaignSchema },
        },
      },
      async (request) => service.close(request.actorContext(), request.params.campaignId),
    );

    app.get(
      '/campaigns/:campaignId/report.csv',
      {
        config: { access: { permission: READ } },
        schema: {
          tags: TAGS,
          summary: 'The campaign report as CSV (one row per reviewed grant); the read is audited',
          params: CampaignParams,
          response: { 200: { content: { 'text/csv': { schema: CsvFile } } } },
        },
      },
      async (request, reply) => {
        const data = await service.reportData(request.actorContext(), request.params.campaignId, 'csv');
        return reply
          .type('text/csv; charset=utf-8; header=present')
          .header('Content-Disposition', `attachment; filename="access-review-${data.campaign.id}.csv"`)
          .send(toCsv(reportRows(data.items, data.users)));
      },
    );

    app.get(
      '/campaigns/:campaignId/report.pdf',
      {
        config: { access: { permission: READ } },
        schema: {
          tags: TAGS,
          summary: 'The campaign report as PDF; the read is audited',
          params: CampaignParams,
          response: { 200: { content: { 'application/pdf': { schema: PdfFile } } } },
        },
      },
      async (request, reply) => {
        const data = await service.reportData(request.actorContext(), request.params.campaignId, 'pdf');
        const pdf = await toPdf(data.campaign, data.counts, { unit: data.unitLabel }, reportRows(data.items, data.users));
        return reply
          .type('application/pdf')
          .header('Content-Disposition', `attachment; filename="access-review-${data.campaign.id}.pdf"`)
          .send(pdf);
      },
    );

    app.get(
      '/my-items',
      {
        config: { access: { authenticated: true } },
        schema: {
          tags: TAGS,
          summary: 'The review items you decide: as reviewer, as escalation target or as review manager',
          description: 'Open campaigns first, nearest deadline first, undecided before decided. Never items about your own grants.',
          querystring: Limit,
          response: { 200: Type.Object({ items: Type.Array(ItemSchema) }) },
        },
      },
      async (request) => ({ items: await service.myItems(request.actorContext(), request.query.limit ?? 200) }),
    );

    app.post(
      '/items/:itemId/decision',
      {
        config: { access: { authenticated: true } },
        schema: {
          tags: TAGS,
          summary: 'Keep or revoke one reviewed grant',
          description:
            'Only the reviewer of the item (or its escalation target) may decide; to anyone else the item does not exist (404). A revoke takes effect immediately. A decision is final; a closed campaign takes none (409).',
          params: Type.Object({ itemId: Uuid }),
          body: DecisionBody,
          response: { 200: ItemSchema },
        },
      },
      async (request) => service.decide(request.actorContext(), request.params.itemId, request.body),
    );
  };
}
