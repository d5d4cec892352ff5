// /audit: reading the audit trail. Thin routes over TrailService: search (audit.read), export as CSV
// or JSON (audit.export), and "who looked at this client" (signed in: the service and the database
// decide who may, per person).
import type { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from 'typebox';
import { DateTime, Nullable, Page, pageQuery, StringEnum, Uuid } from '../../../kernel/http/schemas.ts';
import { PROBLEM_CONTENT_TYPE } from '../../../kernel/http/problems.ts';
import { AUDIT_EXPORT, AUDIT_READ } from '../audit.permissions.ts';
import { decodeTrailCursor, encodeTrailCursor } from './trail.cursor.ts';
import type { TrailFilter } from './trail.repository.ts';
import type { TrailService } from './trail.service.ts';

const tags = ['audit'];
const RESULTS = ['success', 'denied', 'failure'] as const;
/** An action as the trail's check allows it (kernel 0002): dotted, module first. */
const ACTION = '^[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+$';

const FilterQuery = {
  personId: Type.Optional(Uuid),
  caseId: Type.Optional(Uuid),
  actorId: Type.Optional(
    Type.String({
      pattern: '^[A-Za-z0-9][A-Za-z0-9:._-]{0,127}$',
      description: 'A user’s or service account’s id, or a system component’s name (`outbox-relay`)',
    }),
  ),
  action: Type.Optional(Type.String({ pattern: ACTION, maxLength: 200, description: 'One action: `case.break-glass`' })),
  actionPrefix: Type.Optional(
    Type.String({
      pattern: '^[a-z][a-z0-9-]*(\\.[a-z0-9-]*)*$',
      maxLength: 200,
      description: 'Actions starting with this: `person.` (every action on persons), `case.read`',
    }),
  ),
  result: Type.Optional(StringEnum(RESULTS)),
  from: Type.Optional(Type.String({ format: 'date-time', description: 'From this moment (inclusive)' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'Before this moment (exclusive); not before `from`' })),
};

const ActorSchema = Type.Object({
  kind: Type.String({ description: '`user`, `service`, `system` or `anonymous`' }),
  id: Nullable(Type.String()),
  displayName: Nullable(Type.String({ description: 'The account’s name; null for a system component' })),
});

export const AuditEventSchema = Type.Object({
  id: Type.String({ description: 'The event’s number in the trail' }),
  occurredAt: DateTime,
  actor: ActorSchema,
  action: Type.String(),
  objectType: Type.String(),
  objectId: Nullable(Type.String()),
  objectIds: Nullable(Type.Array(Type.String()), { description: 'A list read: the objects it showed' }),
  dataSubjectId: Nullable(Type.String({ description: 'The person the data is about' })),
  dataSubjectIds: Nullable(Type.Array(Type.String()), { description: 'A list read: the persons it showed' }),
  result: StringEnum(RESULTS),
  reason: Nullable(Type.String()),
  changedFields: Nullable(Type.Array(Type.String())),
  details: Nullable(Type.Object({}, { additionalProperties: true, description: 'What the module recorded besides (never personal data)' })),
  origin: Type.Object({ ip: Nullable(Type.String()), userAgent: Nullable(Type.String()) }),
  requestId: Nullable(Type.String()),
  traceId: Nullable(Type.String()),
});

export const SubjectEventSchema = Type.Object({
  id: Type.String(),
  occurredAt: DateTime,
  actor: ActorSchema,
  action: Type.String({ description: '`person.read`, `case.read`, `contact-moment.create`, `case.list`, …' }),
  objectType: Type.String(),
  objectId: Nullable(Type.String()),
  result: StringEnum(RESULTS),
  listed: Type.Boolean({ description: 'The person was one of several a list or search showed' }),
});

// Exports stream (the handler sends a Readable): their schemas document the file, they serialise nothing.
const CsvExport = Type.Unsafe<Readable>({ type: 'string', description: 'RFC 4180 CSV, UTF-8 with byte order mark, one event per line' });
const JsonExport = Type.Unsafe<Readable>({
  ...Type.Object({
    exportedAt: DateTime,
    filter: Type.Object({}, { additionalProperties: Type.String(), description: 'The filter as given' }),
    count: Type.Integer(),
    items: Type.Array(AuditEventSchema),
  }),
});

const ProblemRef = Type.Unsafe({ $ref: 'Problem' });
/** The refusals a route answers as problem+json (400 is declared for every route by the kernel). */
const problems = (statuses: Record<number, string>): Record<number, TSchema> =>
  Object.fromEntries(
    Object.entries(statuses).map(([status, description]) => [
      status,
      Type.Unsafe({ description, content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemRef } } }),
    ]),
  );

const NOT_SIGNED_IN = 'Not signed in';

const filterOf = (query: {
  personId?: string;
  caseId?: string;
  actorId?: string;
  action?: string;
  actionPrefix?: string;
  result?: (typeof RESULTS)[number];
  from?: string;
  to?: string;
}): TrailFilter => ({
  ...(query.personId !== undefined ? { personId: query.personId } : {}),
  ...(query.caseId !== undefined ? { caseId: query.caseId } : {}),
  ...(query.actorId !== undefined ? { actorId: query.actorId } : {}),
  ...(query.action !== undefined ? { action: query.action } : {}),
  ...(query.actionPrefix !== undefined ? { actionPrefix: query.actionPrefix } : {}),
  ...(query.result !== undefined ? { result: query.result } : {}),
  ...(query.from !== undefined ? { from: new Date(query.from) } : {}),
  ...(query.to !== undefined ? { to: new Date(query.to) } : {}),
});

/** Mounted at /audit. */
export function trailRoutes(trail: TrailService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/events',
      {
        config: { access: { permission: AUDIT_READ } },
        schema: {
          tags,
          summary: 'Search the audit trail, newest first (audited as audit.search)',
          description:
            'Needs audit.read granted at the root unit. Every filter given must hold: a person (her data, or shown in a list), a case (the case, ' +
            'what was done in it, or shown in a list), an actor, an action or an action prefix, a result, a time range.',
          querystring: Type.Object({ ...FilterQuery, ...pageQuery({ maximum: 200, default: 50 }) }, { additionalProperties: false }),
          response: {
            200: Page(AuditEventSchema),
            ...problems({ 401: NOT_SIGNED_IN, 403: 'No audit.read at the root unit' }),
          },
        },
      },
      async (request) => {
        const { after, limit, ...query } = request.query;
        const cursor = decodeTrailCursor(after);
        const page = await trail.search(request.actorContext(), filterOf(query), { limit, ...(cursor ? { after: cursor } : {}) });
        return { items: page.items, next: page.next ? encodeTrailCursor(page.next) : null };
      },
    );

    app.get(
      '/events/export',
      {
        config: { access: { permission: AUDIT_EXPORT } },
        schema: {
          tags,
          summary: 'Export the events a filter matches as CSV or JSON, for an investigation (audited as audit.export)',
          description:
            'Needs audit.export granted at the root unit. The same filters as the search, newest first, at most CASUS_AUDIT_EXPORT_MAX_ROWS events ' +
            '(more is a 400: narrow the filter). The file streams; its audit event is recorded before the first event is sent. ' +
            'CSV cells that a spreadsheet would read as a formula start with an apostrophe.',
          querystring: Type.Object({ ...FilterQuery, format: StringEnum(['csv', 'json']) }, { additionalProperties: false }),
          response: {
            200: {
              content: {
                'text/csv': { schema: CsvExport },
                'application/json': { schema: JsonExport },
              },
            },
            ...problems({ 401: NOT_SIGNED_IN, 403: 'No audit.export at the root unit' }),
          },
        },
      },
      async (request, reply) => {
        const { format, ...query } = request.query;
        const file = await trail.export(request.actorContext(), filterOf(query), format);
        return reply
          .type(format === 'csv' ? 'text/csv; charset=utf-8; header=present' : 'application/json; charset=utf-8')
          .header('Content-Disposition', `attachment; filename="${file.filename}"`)
          .send(file.body);
      },
    );

    app.get(
      '/persons/:personId/accesses',
      {
        config: { access: { authenticated: true } },
        schema: {
          tags,
          summary: 'Who looked at this client: every read and change of her data, newest first (audited as audit.subject-view)',
          description:
            'For holders of audit.subject-views and for those who work on a case of the person (not as volunteer), when they may see the person; ' +
            'a case worker sees what was done with the person herself and in the cases she works on. Includes list reads and searches that ' +
            'showed the person (`listed`), and events about persons merged into her.',
          params: Type.Object({ personId: Uuid }),
          querystring: Type.Object(pageQuery({ maximum: 100, default: 50 }), { additionalProperties: false }),
          response: {
            200: Page(SubjectEventSchema),
            ...problems({
              401: NOT_SIGNED_IN,
              403: 'You see the person but neither hold audit.subject-views nor work on a case of hers',
              404: 'No such person, or not visible to you',
            }),
          },
        },
      },
      async (request) => {
        const cursor = decodeTrailCursor(request.query.after);
        const page = await trail.subjectViews(request.actorContext(), request.params.personId, {
          limit: request.query.limit,
          ...(cursor ? { after: cursor } : {}),
        });
        return { items: page.items, next: page.next ? encodeTrailCursor(page.next) : null };
      },
    );
  };
}
