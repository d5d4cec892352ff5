// /cases/{caseId}/contact-moments (a case's contact: list, log) and /contact-moments/{id} (read,
// correct): thin routes over ContactsService. Fastify takes path parameters in a plugin's prefix, so
// the case's contact lives under the case, where clients look for it, while the cases module keeps
// its own plugin.
import { afterOf, encodeCursor } from '../../kernel/http/cursor.ts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { expectedVersion, setEtag } from '../../kernel/http/concurrency.ts';
import { idempotencyClaim } from '../../kernel/http/idempotency.ts';
import { DateTime, Nullable, Page, pageQuery, StringEnum, Uuid } from '../../kernel/http/schemas.ts';
import type { ContactsService } from './contacts.service.ts';
import { CONTACT_CHANNELS, CONTACT_DIRECTIONS, CONTACT_OUTCOMES } from './contacts.tables.ts';

const Fields = {
  personId: Type.Optional(Nullable(Type.String({ format: 'uuid', description: 'The participant of the case who was contacted' }))),
  channel: StringEnum(CONTACT_CHANNELS),
  direction: StringEnum(CONTACT_DIRECTIONS),
  // The table's check (occurred_at > 2000-01-01), said in the schema so the field is named.
  occurredAt: Type.Optional(
    Type.String({
      format: 'date-time',
      formatExclusiveMinimum: '2000-01-01T00:00:00Z',
      description: 'When the contact took place (default: now); after 2000, not in the future',
    }),
  ),
  durationMinutes: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 1440 }))),
  outcome: StringEnum(CONTACT_OUTCOMES),
  summary: Type.String({ minLength: 1, maxLength: 10_000, pattern: '\\S', description: 'What was discussed; stored encrypted' }),
};

/** A contact moment as the API answers it; the case screen (case-overview module) lists the same. */
export const ContactMomentSchema = Type.Object({
  id: Uuid,
  caseId: Uuid,
  personId: Nullable(Uuid),
  channel: Type.String(),
  direction: Type.String(),
  occurredAt: DateTime,
  durationMinutes: Nullable(Type.Integer()),
  outcome: Type.String(),
  summary: Type.String(),
  createdBy: Nullable(Uuid),
  createdAt: DateTime,
  updatedAt: DateTime,
  version: Type.Integer({ description: 'Send back on corrections (or If-Match with the ETag); a stale version gets 412' }),
});

/** A contact moment with what the actor may do with it, as the list and GET /contact-moments/{id} answer (the case screen too). */
export const ContactMomentAnswer = Type.Object({
  ...ContactMomentSchema.properties,
  allowedActions: Type.Array(Type.String(), { description: '`update`: you may correct it' }),
});

const tags = ['contact-moments'];

/** Mounted at /cases/:caseId/contact-moments. */
export function caseContactRoutes(contacts: ContactsService): FastifyPluginAsyncTypebox {
  return async (app) => {
    const params = Type.Object({ caseId: Uuid });
    app.get(
      '/',
      {
        config: { access: { authenticated: true } },
        schema: {
          tags,
          summary: 'The case’s contact moments, newest first, with their summaries (audited); 404 when the case is not visible to you',
          params,
          querystring: Type.Object(pageQuery({ maximum: 100, default: 20 }), { additionalProperties: false }),
          response: { 200: Page(ContactMomentAnswer) },
        },
      },
      async (request) => {
        const page = await contacts.list(request.actorContext(), request.params.caseId, {
          limit: request.query.limit,
          ...afterOf(request.query.after),
        });
        return { items: page.items, next: page.next ? encodeCursor(page.next) : null };
      },
    );

    app.post(
      '/',
      {
        config: { access: { authenticated: true }, idempotency: 'transactional' },
        schema: {
          tags,
          summary: 'Log contact on a case you work on (or hold cases.update in its unit); send an Idempotency-Key so retries log it once',
          params,
          body: Type.Object(Fields, { additionalProperties: false }),
          response: { 201: ContactMomentAnswer },
        },
      },
      async (request, reply) => {
        const moment = await contacts.create(request.actorContext(), request.params.caseId, request.body, idempotencyClaim(request));
        setEtag(reply, 'contact-moment', moment.id, moment.version);
        return reply.code(201).header('Location', `/api/v1/contact-moments/${moment.id}`).send(moment);
      },
    );
  };
}

/** Mounted at /contact-moments. */
export function contactMomentRoutes(contacts: ContactsService): FastifyPluginAsyncTypebox {
  return async (app) => {
    const params = Type.Object({ contactMomentId: Uuid });
    app.get(
      '/:contactMomentId',
      {
        config: { access: { authenticated: true } },
        schema: {
          tags,
          summary: 'One contact moment with its summary (audited); 404 when not visible to you',
          params,
          response: { 200: ContactMomentAnswer },
        },
      },
      async (request, reply) => {
        const moment = await contacts.get(request.actorContext(), request.params.contactMomentId);
        setEtag(reply, 'contact-moment', moment.id, moment.version);
        return moment;
      },
    );

    app.patch(
      '/:contactMomentId',
      {
        config: { access: { authenticated: true }, concurrency: 'if-match' },
        schema: {
          tags,
          summary: 'Correct a contact moment: its author within 24 hours, later only holders of contacts.correct (with a reason)',
          description: 'Name the version you read: If-Match with the ETag, or `version` in the body; a stale one gets 412.',
          params,
          body: Type.Object(
            {
              version: Type.Optional(Type.Integer()),
              personId: Fields.personId,
              channel: Type.Optional(Fields.channel),
              direction: Type.Optional(Fields.direction),
              occurredAt: Fields.occurredAt,
              durationMinutes: Fields.durationMinutes,
              outcome: Type.Optional(Fields.outcome),
              summary: Type.Optional(Fields.summary),
              reason: Type.Optional(
                Type.String({
                  minLength: 10,
                  maxLength: 2000,
                  description: 'Why: required unless you correct your own contact moment within 24 hours; recorded in the audit trail',
                }),
              ),
            },
            { additionalProperties: false },
          ),
          response: { 200: ContactMomentAnswer },
        },
      },
      async (request, reply) => {
        const id = request.params.contactMomentId;
        const { version: _version, ...changes } = request.body;
        const moment = await contacts.update(request.actorContext(), id, expectedVersion(request, 'contact-moment', id), changes);
        setEtag(reply, 'contact-moment', moment.id, moment.version);
        return moment;
      },
    );
  };
}
