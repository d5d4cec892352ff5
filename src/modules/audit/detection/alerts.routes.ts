// /audit/alerts: the detection alerts for the holders of audit.alerts (their units' alerts, never their
// own): list, read, acknowledge, close. Thin routes over AlertsService.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { expectedVersion, setEtag } from '../../../kernel/http/concurrency.ts';
import { afterOf, encodeCursor } from '../../../kernel/http/cursor.ts';
import { DateTime, Nullable, Page, pageQuery, Reason, StringEnum, Uuid } from '../../../kernel/http/schemas.ts';
import { AUDIT_ALERTS } from '../audit.permissions.ts';
import type { AlertsService } from './alerts.service.ts';
import { ALERT_ACTOR_KINDS, ALERT_SEVERITIES, ALERT_STATUSES, RULE_KINDS } from './detection.tables.ts';

const RuleId = Type.String({ pattern: '^[a-z][a-z0-9-]{0,62}$', description: 'The rule that fired (docs: audit README, "Detection")' });

export const AlertSchema = Type.Object({
  id: Uuid,
  rule: RuleId,
  kind: StringEnum(RULE_KINDS, { description: '`match`: single events; `threshold`: a count within a window' }),
  description: Type.String({ description: 'What the rule looks for, as configured when it fired' }),
  severity: StringEnum(ALERT_SEVERITIES),
  actor: Type.Object({
    kind: StringEnum(ALERT_ACTOR_KINDS),
    id: Type.String({ description: 'The user (or service account) whose actions fired the rule' }),
    displayName: Nullable(Type.String()),
  }),
  unitId: Uuid,
  windowStart: DateTime,
  windowEnd: DateTime,
  windowMinutes: Nullable(Type.Integer(), { description: 'A threshold rule’s window' }),
  threshold: Nullable(Type.Integer(), { description: 'A threshold rule’s threshold' }),
  count: Type.Integer({ description: 'Threshold rules: the most counted within one window; match rules: the matching events' }),
  status: StringEnum(ALERT_STATUSES),
  acknowledgedBy: Nullable(Uuid),
  acknowledgedAt: Nullable(DateTime),
  closedBy: Nullable(Uuid),
  closedAt: Nullable(DateTime),
  closeReason: Nullable(Type.String()),
  createdAt: DateTime,
  updatedAt: DateTime,
  version: Type.Integer({ description: 'Send back on acknowledge and close (or If-Match with the ETag); a stale version gets 412' }),
  allowedActions: Type.Array(StringEnum(['acknowledge', 'close'] as const)),
});

const AlertDetail = Type.Object({
  ...AlertSchema.properties,
  events: Type.Array(
    Type.Object({
      id: Type.String({ pattern: '^[0-9]{1,19}$', description: 'The audit event’s id (search the trail for its details)' }),
      action: Type.String(),
      occurredAt: DateTime,
    }),
    { description: 'The events that triggered the alert, oldest first (at most 500)' },
  ),
});

const Params = Type.Object({ alertId: Uuid });
const tags = ['audit'];
const access = { permission: AUDIT_ALERTS };

export function alertRoutes(alerts: AlertsService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/',
      {
        config: { access },
        schema: {
          tags,
          summary: 'Detection alerts of the units where you hold audit.alerts (never those about you), newest first (audited)',
          querystring: Type.Object(
            {
              status: Type.Optional(StringEnum(ALERT_STATUSES)),
              rule: Type.Optional(RuleId),
              severity: Type.Optional(StringEnum(ALERT_SEVERITIES)),
              ...pageQuery({ maximum: 100, default: 25 }),
            },
            { additionalProperties: false },
          ),
          response: { 200: Page(AlertSchema) },
        },
      },
      async (request) => {
        const { status, rule, severity, limit, after } = request.query;
        const page = await alerts.list(request.actorContext(), {
          ...(status ? { status } : {}),
          ...(rule ? { ruleId: rule } : {}),
          ...(severity ? { severity } : {}),
          limit,
          ...afterOf(after),
        });
        return { items: page.items, next: page.next ? encodeCursor(page.next) : null };
      },
    );

    app.get(
      '/:alertId',
      {
        config: { access },
        schema: {
          tags,
          summary: 'One detection alert with the ids and actions of the events that triggered it (audited)',
          params: Params,
          response: { 200: AlertDetail },
        },
      },
      async (request, reply) => {
        const alert = await alerts.get(request.actorContext(), request.params.alertId);
        setEtag(reply, 'detection-alert', alert.id, alert.version);
        return alert;
      },
    );

    app.post(
      '/:alertId/acknowledge',
      {
        config: { access, concurrency: 'if-match' },
        schema: {
          tags,
          summary: 'Acknowledge an open alert: you are looking into it (409 when it is no longer open)',
          description: 'Name the version you read: If-Match with the ETag, or `version` in the body; a stale one gets 412.',
          params: Params,
          body: Type.Object({ version: Type.Optional(Type.Integer()) }, { additionalProperties: false }),
          response: { 200: AlertDetail },
        },
      },
      async (request, reply) => {
        const id = request.params.alertId;
        const alert = await alerts.acknowledge(request.actorContext(), id, expectedVersion(request, 'detection-alert', id));
        setEtag(reply, 'detection-alert', alert.id, alert.version);
        return alert;
      },
    );

    app.post(
      '/:alertId/close',
      {
        config: { access, concurrency: 'if-match' },
        schema: {
          tags,
          summary: 'Close an open or acknowledged alert with the finding: misuse dealt with, or why it was none (409 when closed)',
          description: 'Name the version you read: If-Match with the ETag, or `version` in the body; a stale one gets 412.',
          params: Params,
          body: Type.Object({ version: Type.Optional(Type.Integer()), reason: Reason }, { additionalProperties: false }),
          response: { 200: AlertDetail },
        },
      },
      async (request, reply) => {
        const id = request.params.alertId;
        const alert = await alerts.close(request.actorContext(), id, expectedVersion(request, 'detection-alert', id), request.body.reason);
        setEtag(reply, 'detection-alert', alert.id, alert.version);
        return alert;
      },
    );
  };
}
