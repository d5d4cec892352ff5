// /cases: thin routes over CasesService (POST /cases/break-glass: break-glass.routes.ts).
import { afterOf } from '../../kernel/http/cursor.ts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { setEtag } from '../../kernel/http/concurrency.ts';
import { DateTime, Nullable, Page, pageQuery, Reason, StringEnum, Uuid } from '../../kernel/http/schemas.ts';
import type { CasesService } from './cases.service.ts';
import type { BreakGlassService } from './break-glass.service.ts';
import { breakGlassEntry } from './break-glass.routes.ts';

const Track = StringEnum(['emotional', 'practical', 'legal', 'damage-recovery', 'criminal-proceedings']);
const Confidentiality = StringEnum(['normal', 'sensitive', 'shielded']);
const ParticipantRole = StringEnum(['victim', 'next-of-kin', 'witness', 'legal-representative', 'contact-person']);
const Custom = Type.Record(Type.String({ pattern: '^[a-zA-Z][a-zA-Z0-9]{0,63}$' }), Type.Unknown(), {
  maxProperties: 200,
  description: 'Custom field values of the case type',
});
const CaseParams = Type.Object({ caseId: Uuid });

/** A case as GET /cases/{caseId} answers it; the case screen (case-overview module) answers the same. */
export const CaseSchema = Type.Object({
  id: Uuid,
  number: Type.String({ description: 'Readable number, e.g. 2026-000123' }),
  caseType: Type.Object({ id: Uuid, key: Type.String(), name: Type.String() }),
  status: Type.String(),
  statusLabel: Type.String(),
  allowedStatuses: Type.Array(Type.String(), { description: 'Statuses the case type allows next' }),
  nextStatuses: Type.Array(
    Type.Object({
      key: Type.String(),
      label: Type.String(),
      closes: Type.Boolean({ description: 'Reaching it closes the case: POST /cases/{caseId}/close (with a reason), not PATCH' }),
    }),
    { description: 'The statuses of allowedStatuses with their case-type labels, so a screen can offer them by name' },
  ),
  owningUnitId: Uuid,
  confidentiality: Confidentiality,
  incidentId: Nullable(Uuid),
  tracks: Type.Array(Type.String()),
  openedAt: DateTime,
  closedAt: Nullable(DateTime),
  closeReason: Nullable(Type.String()),
  retentionUntil: Nullable(
    Type.String({ format: 'date', description: 'Kept until this day (closure + the retention period); then proposed for destruction' }),
  ),
  legalHold: Type.Boolean({ description: 'On legal hold: kept past its retention date, and nobody in it is erased' }),
  custom: Type.Record(Type.String(), Type.Unknown()),
  version: Type.Integer({ description: 'Send back on changes; a stale version gets 412' }),
  participants: Type.Array(
    Type.Object({ id: Uuid, personId: Uuid, role: Type.String(), primaryClient: Type.Boolean(), addedAt: DateTime }),
  ),
  assignments: Type.Array(
    Type.Object({ id: Uuid, userId: Uuid, displayName: Nullable(Type.String()), role: Type.String(), assignedAt: DateTime }),
  ),
  allowedActions: Type.Array(Type.String()),
});

const CaseListItem = Type.Object({
  id: Uuid,
  number: Type.String(),
  status: Type.String(),
  owningUnitId: Uuid,
  confidentiality: Type.String(),
  tracks: Type.Array(Type.String()),
  caseTypeKey: Type.String(),
  openedAt: DateTime,
  closedAt: Nullable(DateTime),
  updatedAt: DateTime,
  version: Type.Integer(),
});

export function casesRoutes(cases: CasesService, breakGlass: BreakGlassService): FastifyPluginAsyncTypebox {
  return async (app) => {
    const tags = ['cases'];
    app.get(
      '/',
      {
        config: { access: { authenticated: true } },
        schema: {
          tags,
          summary:
            'Cases you can see: mine (assigned to me), team (units where you read all cases) or all visible; newest change first; personId: those the person takes part in',
          querystring: Type.Object(
            {
              view: StringEnum(['mine', 'team', 'all'], { default: 'mine' }),
              unitId: Type.Optional(Uuid),
              status: Type.Optional(Type.String({ maxLength: 63 })),
              caseTypeKey: Type.Optional(Type.String({ maxLength: 63 })),
              track: Type.Optional(Track),
              personId: Type.Optional(Uuid),
              assignedTo: Type.Optional(
                Type.String({ format: 'uuid', description: 'Only the cases this user works on now (a live assignment)' }),
              ),
              ...pageQuery(),
            },
            { additionalProperties: false },
          ),
          response: { 200: Page(CaseListItem) },
        },
      },
      async (request) => {
        const { after, ...query } = request.query;
        return cases.list(request.actorContext(), { ...query, ...afterOf(after) });
      },
    );

    app.post(
      '/',
      {
        config: { access: { permission: 'cases.create' }, idempotency: true },
        schema: {
          tags,
          summary: 'Open a case in a unit (you become its worker)',
          body: Type.Object(
            {
              caseTypeKey: Type.Optional(Type.String({ maxLength: 63 })),
              owningUnitId: Uuid,
              confidentiality: Type.Optional(Confidentiality),
              incidentId: Type.Optional(Nullable(Uuid)),
              tracks: Type.Optional(Type.Array(Track, { uniqueItems: true })),
              custom: Type.Optional(Custom),
              participants: Type.Optional(
                Type.Array(
                  Type.Object(
                    { personId: Uuid, role: ParticipantRole, primaryClient: Type.Optional(Type.Boolean()) },
                    { additionalProperties: false },
                  ),
                  { maxItems: 50 },
                ),
              ),
            },
            { additionalProperties: false },
          ),
          response: { 201: CaseSchema },
        },
      },
      async (request, reply) => reply.code(201).send(await cases.create(request.actorContext(), request.body)),
    );

    app.get(
      '/:caseId',
      {
        config: { access: { authenticated: true } },
        schema: {
          tags,
          summary: 'One case with participants, workers and the actions you may take (audited)',
          params: CaseParams,
          response: { 200: CaseSchema },
        },
      },
      async (request, reply) => {
        const kase = await cases.get(request.actorContext(), request.params.caseId);
        setEtag(reply, 'case', kase.id, kase.version);
        return kase;
      },
    );

    app.patch(
      '/:caseId',
      {
        config: { access: { authenticated: true } },
        schema: {
          tags,
          summary: 'Change status (as the case type allows), tracks, confidentiality, custom fields or the linked incident',
          params: CaseParams,
          body: Type.Object(
            {
              version: Type.Integer(),
              status: Type.Optional(Type.String({ maxLength: 63 })),
              tracks: Type.Optional(Type.Array(Track, { uniqueItems: true })),
              confidentiality: Type.Optional(Confidentiality),
              custom: Type.Optional(Custom),
              incidentId: Type.Optional(Nullable(Uuid, { description: 'Link to an incident you can see; null unlinks' })),
            },
            { additionalProperties: false },
          ),
          response: { 200: CaseSchema },
        },
      },
      async (request) => cases.update(request.actorContext(), request.params.caseId, request.body),
    );

    app.post(
      '/:caseId/close',
      {
        config: { access: { authenticated: true } },
        schema: {
          tags,
          summary: 'Close the case with a reason; sets the retention date',
          params: CaseParams,
          body: Type.Object({ version: Type.Integer(), reason: Reason }, { additionalProperties: false }),
          response: { 200: CaseSchema },
        },
      },
      async (request) => cases.close(request.actorContext(), request.params.caseId, request.body),
    );

    app.post(
      '/:caseId/reopen',
      {
        config: { access: { authenticated: true } },
        schema: {
          tags,
          summary: 'Reopen a closed case with a reason; clears the retention date',
          params: CaseParams,
          body: Type.Object({ version: Type.Integer(), reason: Reason }, { additionalProperties: false }),
          response: { 200: CaseSchema },
        },
      },
      async (request) => cases.reopen(request.actorContext(), request.params.caseId, request.body),
    );

    app.post(
      '/:caseId/assignments',
      {
        config: { access: { permission: 'cases.assign' } },
        schema: {
          tags,
          summary: 'Assign a worker or volunteer',
          params: CaseParams,
          body: Type.Object({ userId: Uuid, role: StringEnum(['worker', 'volunteer', 'coordinator']) }, { additionalProperties: false }),
          response: { 200: CaseSchema },
        },
      },
      async (request) => cases.assign(request.actorContext(), request.params.caseId, request.body),
    );

    app.post(
      '/:caseId/assignments/:assignmentId/end',
      {
        config: { access: { permission: 'cases.assign' } },
        schema: {
          tags,
          summary: 'End an assignment',
          params: Type.Object({ caseId: Uuid, assignmentId: Uuid }),
          body: Type.Object({ reason: Reason }, { additionalProperties: false }),
          response: { 200: CaseSchema },
        },
      },
      async (request) =>
        cases.endAssignment(request.actorContext(), request.params.caseId, request.params.assignmentId, request.body.reason),
    );

    app.post(
      '/:caseId/participants',
      {
        config: { access: { authenticated: true } },
        schema: {
          tags,
          summary: 'Add a person to the case in a role',
          params: CaseParams,
          body: Type.Object(
            { personId: Uuid, role: ParticipantRole, primaryClient: Type.Optional(Type.Boolean()) },
            { additionalProperties: false },
          ),
          response: { 200: CaseSchema },
        },
      },
      async (request) => cases.addParticipant(request.actorContext(), request.params.caseId, request.body),
    );

    app.get(
      '/:caseId/access-grants',
      {
        config: { access: { permission: 'cases.grant-access' } },
        schema: {
          tags,
          summary: 'Who holds access to this case beyond working on it: its live explicit and break-the-glass grants (audited)',
          description:
            'For whoever may grant access to the case (cases.grant-access in its unit); 404 when the case is not visible to you. Newest first; a case has few live grants, so the list is not paged.',
          params: CaseParams,
          response: {
            200: Type.Object({
              items: Type.Array(
                Type.Object({
                  id: Uuid,
                  userId: Uuid,
                  displayName: Nullable(Type.String()),
                  kind: StringEnum(['explicit', 'break-glass']),
                  reason: Type.String(),
                  grantedBy: Nullable(Uuid),
                  grantedByName: Nullable(Type.String()),
                  grantedAt: DateTime,
                  expiresAt: Nullable(DateTime),
                  reviewedAt: Nullable(DateTime),
                }),
              ),
            }),
          },
        },
      },
      async (request) => cases.accessGrants(request.actorContext(), request.params.caseId),
    );

    app.post(
      '/:caseId/access-grants',
      {
        config: { access: { permission: 'cases.grant-access' } },
        schema: {
          tags,
          summary: 'Give a colleague explicit access to this case (the way into shielded cases)',
          params: CaseParams,
          body: Type.Object({ userId: Uuid, reason: Reason, expiresAt: Type.Optional(DateTime) }, { additionalProperties: false }),
          response: { 201: Type.Object({ grantId: Uuid }) },
        },
      },
      async (request, reply) => {
        const { expiresAt, ...rest } = request.body;
        return reply.code(201).send(
          await cases.grantAccess(request.actorContext(), request.params.caseId, {
            ...rest,
            expiresAt: expiresAt ? new Date(expiresAt) : null,
          }),
        );
      },
    );

    breakGlassEntry(app, breakGlass);
  };
}
