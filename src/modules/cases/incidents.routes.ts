// /incidents: thin routes over IncidentsService.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { expectedVersion, setEtag } from '../../kernel/http/concurrency.ts';
import { afterOf } from '../../kernel/http/cursor.ts';
import { DateTime, Nullable, Page, pageQuery, StringEnum, Uuid } from '../../kernel/http/schemas.ts';
import { INCIDENT_CATEGORIES, type IncidentsService } from './incidents.service.ts';

const Category = StringEnum(INCIDENT_CATEGORIES);
const Text = (max: number, description?: string) => Type.String({ minLength: 1, maxLength: max, ...(description ? { description } : {}) });
const Reference = Type.String({ minLength: 1, maxLength: 50 });
const Params = Type.Object({ incidentId: Uuid });

/** What one records and changes; null clears an optional field. */
const fields = {
  occurredOn: Type.Optional(Nullable(Type.String({ format: 'date', description: 'The day it happened (not in the future)' }))),
  place: Type.Optional(Nullable(Text(200))),
  policeReference: Type.Optional(Nullable(Text(50, 'The police registration number'))),
  prosecutorReference: Type.Optional(Nullable(Text(50, 'The public prosecutor’s reference (parketnummer)'))),
  description: Type.Optional(Nullable(Text(4000, 'What happened; may hold personal data (reads are audited)'))),
};

const common = {
  id: Uuid,
  category: Category,
  occurredOn: Nullable(Type.String({ format: 'date' })),
  place: Nullable(Type.String()),
  policeReference: Nullable(Type.String()),
  prosecutorReference: Nullable(Type.String()),
  owningUnitId: Uuid,
  createdAt: DateTime,
  version: Type.Integer({ description: 'Send back on changes (or the ETag in If-Match); a stale version gets 412' }),
};

const IncidentSchema = Type.Object({
  ...common,
  description: Nullable(Type.String()),
  cases: Type.Array(
    Type.Object({
      id: Uuid,
      number: Type.String(),
      status: Type.String(),
      participants: Type.Array(Type.Object({ personId: Uuid, role: Type.String() }), {
        description: 'The persons in the case you can see',
      }),
    }),
    { description: 'The cases linked to the incident that you can see' },
  ),
  allowedActions: Type.Array(Type.String()),
});

export function incidentsRoutes(incidents: IncidentsService): FastifyPluginAsyncTypebox {
  return async (app) => {
    const tags = ['incidents'];
    app.get(
      '/',
      {
        config: { access: { authenticated: true } },
        schema: {
          tags,
          summary: 'Incidents you can see with this police or prosecutor reference (exact), newest first: is it known already? (audited)',
          description: 'Give policeReference, prosecutorReference or both. The items leave out the description: read one incident for it.',
          querystring: Type.Object(
            {
              policeReference: Type.Optional(Reference),
              prosecutorReference: Type.Optional(Reference),
              ...pageQuery(),
            },
            { additionalProperties: false },
          ),
          response: { 200: Page(Type.Object(common)) },
        },
      },
      async (request) => {
        const { after, ...query } = request.query;
        return incidents.list(request.actorContext(), { ...query, ...afterOf(after) });
      },
    );

    app.post(
      '/',
      {
        config: { access: { permission: 'cases.create' }, idempotency: true },
        schema: {
          tags,
          summary: 'Record an incident (gebeurtenis) in a unit; link cases to it with incidentId',
          body: Type.Object({ owningUnitId: Uuid, category: Category, ...fields }, { additionalProperties: false }),
          response: { 201: IncidentSchema },
        },
      },
      async (request, reply) => {
        const incident = await incidents.create(request.actorContext(), request.body);
        setEtag(reply, 'incident', incident.id, incident.version);
        return reply.code(201).header('Location', `/api/v1/incidents/${incident.id}`).send(incident);
      },
    );

    app.get(
      '/:incidentId',
      {
        config: { access: { authenticated: true } },
        schema: {
          tags,
          summary: 'One incident with the linked cases you can see and their participants (audited); 404 when not visible to you',
          params: Params,
          response: { 200: IncidentSchema },
        },
      },
      async (request, reply) => {
        const incident = await incidents.get(request.actorContext(), request.params.incidentId);
        setEtag(reply, 'incident', incident.id, incident.version);
        return incident;
      },
    );

    app.patch(
      '/:incidentId',
      {
        config: { access: { permission: 'cases.update' }, concurrency: 'if-match' },
        schema: {
          tags,
          summary: 'Change an incident: cases.update in its unit or in the unit of a linked case you can see',
          description: 'Name the version you read: If-Match with the ETag, or `version` in the body; none gets 428, a stale one 412.',
          params: Params,
          body: Type.Object(
            { version: Type.Optional(Type.Integer()), category: Type.Optional(Category), ...fields },
            { additionalProperties: false },
          ),
          response: { 200: IncidentSchema },
        },
      },
      async (request, reply) => {
        const id = request.params.incidentId;
        const { version: _version, ...changes } = request.body;
        const incident = await incidents.update(request.actorContext(), id, expectedVersion(request, 'incident', id), changes);
        setEtag(reply, 'incident', incident.id, incident.version);
        return incident;
      },
    );
  };
}
