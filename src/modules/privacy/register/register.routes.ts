// /privacy/processing-activities: the processing register over HTTP. Thin: validate -> RegisterService
// -> answer. Reading needs a privacy or audit permission (the service says 403 otherwise); adding,
// changing and retiring need privacy.register-manage.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { expectedVersion, setEtag } from '../../../kernel/http/concurrency.ts';
import { StringEnum, Uuid } from '../../../kernel/http/schemas.ts';
import { PRIVACY_REGISTER_MANAGE } from '../privacy.permissions.ts';
import { Activity, ActivityBody, ActivityChangeBody, HistoryEntry, RetireBody } from './register.schemas.ts';
import type { RegisterService } from './register.service.ts';

const tags = ['privacy'];
const params = Type.Object({ activityId: Uuid });
const ETAG = 'processing-activity';

export function registerRoutes(service: RegisterService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/',
      {
        config: { access: { authenticated: true } },
        schema: {
          tags,
          summary: 'The processing register (GDPR art. 30): its activities by name; for privacy and audit permission holders',
          querystring: Type.Object(
            {
              status: StringEnum(['active', 'retired', 'all'], { default: 'active' }),
              auditAction: Type.Optional(
                Type.String({
                  pattern: '^[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+$',
                  maxLength: 100,
                  description: 'Only the activity an audit event with this action belongs to',
                }),
              ),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ items: Type.Array(Activity) }) },
        },
      },
      async (request) => ({
        items: await service.list(request.actorContext(), { status: request.query.status, auditAction: request.query.auditAction }),
      }),
    );

    app.post(
      '/',
      {
        config: { access: { permission: PRIVACY_REGISTER_MANAGE } },
        schema: {
          tags,
          summary: 'Add a processing activity to the register, with the audit actions it covers',
          description: 'An audit action pattern another activity covers is refused (409 `audit-action-pattern-taken`).',
          body: ActivityBody,
          response: { 201: Activity },
        },
      },
      async (request, reply) => {
        const activity = await service.create(request.actorContext(), request.body);
        setEtag(reply, ETAG, activity.id, activity.version);
        return reply.code(201).header('Location', `/api/v1/privacy/processing-activities/${activity.id}`).send(activity);
      },
    );

    app.get(
      '/:activityId',
      {
        config: { access: { authenticated: true } },
        schema: { tags, summary: 'One processing activity, with its ETag', params, response: { 200: Activity } },
      },
      async (request, reply) => {
        const activity = await service.get(request.actorContext(), request.params.activityId);
        setEtag(reply, ETAG, activity.id, activity.version);
        return activity;
      },
    );

    app.get(
      '/:activityId/history',
      {
        config: { access: { authenticated: true } },
        schema: {
          tags,
          summary: 'Who changed what in a processing activity, and when: every version with its changed fields, before and after',
          params,
          response: { 200: Type.Object({ items: Type.Array(HistoryEntry) }) },
        },
      },
      async (request) => ({ items: await service.history(request.actorContext(), request.params.activityId) }),
    );

    app.patch(
      '/:activityId',
      {
        config: { access: { permission: PRIVACY_REGISTER_MANAGE }, concurrency: 'if-match' },
        schema: {
          tags,
          summary: 'Change a processing activity (its key stays); a retired one is kept as it was (409)',
          description: 'Name the version you read: If-Match with the ETag, or `version` in the body; a stale one gets 412.',
          params,
          body: ActivityChangeBody,
          response: { 200: Activity },
        },
      },
      async (request, reply) => {
        const id = request.params.activityId;
        const { version: _version, ...changes } = request.body;
        const activity = await service.update(request.actorContext(), id, expectedVersion(request, ETAG, id), changes);
        setEtag(reply, ETAG, activity.id, activity.version);
        return activity;
      },
    );

    app.post(
      '/:activityId/retire',
      {
        config: { access: { permission: PRIVACY_REGISTER_MANAGE } },
        schema: {
          tags,
          summary: 'Retire a processing activity that stopped, with the reason; it must cover no audit action any more (409)',
          params,
          body: RetireBody,
          response: { 200: Activity },
        },
      },
      async (request, reply) => {
        const activity = await service.retire(request.actorContext(), request.params.activityId, request.body.version, request.body.reason);
        setEtag(reply, ETAG, activity.id, activity.version);
        return activity;
      },
    );
  };
}
