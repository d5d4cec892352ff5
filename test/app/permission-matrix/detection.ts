// Catalogue: the detection alerts of the audit module (audit.alerts). An alert lives in the unit of the
// user it is about (the scope's member); none is a case, so the shielded column is '-'. Each probe
// raises a new open alert over the owner login, as the rule engine would: acknowledging and closing use
// one up, and the matrix tests who may act on it, not what the engine raises (detection.test.ts does).
import { REASON, type Entry, type ProbeContext } from './catalogue.ts';

const NOT_A_CASE = { scopes: ['shielded' as const], why: 'not case data: an alert lives in the unit of the user it is about' };

async function freshAlert(ctx: ProbeContext): Promise<string> {
  const [row] = await ctx.world.owner<{ id: string }>(
    `insert into detection_alert (rule_id, rule_kind, description, severity, actor_kind, actor_id, unit_id, window_start, window_end, count)
     values ('break-glass', 'match', 'Matrix alert', 'high', 'user', $1, $2, now(), now(), 1) returning id`,
    [ctx.org.member.id, ctx.org.unitId],
  );
  return row!.id;
}

export const detectionEntries: Entry[] = [
  {
    route: 'GET /api/v1/audit/alerts',
    unscoped: 'one list for the whole organisation, narrowed to the units where the caller holds audit.alerts',
    probe: () => ({ url: '/api/v1/audit/alerts' }),
  },
  {
    route: 'GET /api/v1/audit/alerts/:alertId',
    without: NOT_A_CASE,
    probe: async (ctx) => ({ url: `/api/v1/audit/alerts/${await freshAlert(ctx)}` }),
  },
  {
    route: 'POST /api/v1/audit/alerts/:alertId/acknowledge',
    without: NOT_A_CASE,
    probe: async (ctx) => ({ url: `/api/v1/audit/alerts/${await freshAlert(ctx)}/acknowledge`, body: { version: 1 } }),
  },
  {
    route: 'POST /api/v1/audit/alerts/:alertId/close',
    without: NOT_A_CASE,
    probe: async (ctx) => ({ url: `/api/v1/audit/alerts/${await freshAlert(ctx)}/close`, body: { version: 1, reason: REASON } }),
  },
];
