// Four eyes for privileged grants. A grant of a privileged role (one bundling a permission the modules
// mark `privileged`) to a user or a group, a membership of a group holding one, and a privileged
// permission added to a role are filed as a request (migrations/0007) instead of taking effect. A second
// administrator approves it, which makes the real change in the same transaction, or refuses it; after
// REQUEST_VALID_DAYS it expires. The approver is never the requester (the table refuses that too), never
// someone the change would reach, and could have made the change herself (identity.policy.ts). Filing,
// approving and refusing are security events: the administrators of the units concerned hear of them.
import type { Actor, ActorContext } from '../../../kernel/auth/actor.ts';
import { hasPermission, hasPermissionIn, type PermissionRegistry } from '../../../kernel/auth/permissions.ts';
import type { Database, Tx } from '../../../kernel/db/database.ts';
import { AppError } from '../../../kernel/errors.ts';
import { recordAudit } from '../../../kernel/audit/audit.ts';
import { recordSecurityEvent, type SecurityNotice } from '../../../kernel/audit/security-events.ts';
import { mayEditRole, mayGive } from '../identity.policy.ts';
import { grantRole } from './grants.service.ts';
import { groupMemberIds, groupReach, permissionsOfRoles, roleHolderIds } from './grants.repository.ts';
import { rootUnitId } from '../organisation/directory.repository.ts';
import {
  decideGrantRequest,
  findGrantRequest,
  grantRequestsBy,
  insertGrantRequest,
  pendingGrantRequests,
  type GrantRequestRow,
  type NewGrantRequest,
} from './approvals.repository.ts';
import { addMember, userStatus } from '../organisation/organisation.repository.ts';
import { lockRole, replaceRolePermissions } from './roles.repository.ts';
import { EscalationRefused, grantManagersOf, recordingRefusals } from './escalation.ts';

/** How long a request waits for its second approver. */
export const REQUEST_VALID_DAYS = 7;
const LIST_LIMIT = 200;

export type GrantRequestStatusView = 'pending' | 'approved' | 'refused' | 'expired';

export interface GrantRequestView {
  id: string;
  kind: GrantRequestRow['kind'];
  status: GrantRequestStatusView;
  roleId: string | null;
  roleName: string | null;
  userId: string | null;
  groupId: string | null;
  unitId: string | null;
  startsAt: string | null;
  endsAt: string | null;
  permissions: string[] | null;
  reason: string;
  requestedBy: string;
  requestedAt: string;
  expiresAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  assignmentId: string | null;
}

export function presentGrantRequest(row: GrantRequestRow, now = Date.now()): GrantRequestView {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status === 'pending' && row.expires_at.getTime() <= now ? 'expired' : row.status,
    roleId: row.role_id,
    roleName: row.role_name,
    userId: row.user_id,
    groupId: row.group_id,
    unitId: row.unit_id,
    startsAt: row.starts_at?.toISOString() ?? null,
    endsAt: row.ends_at?.toISOString() ?? null,
    permissions: row.permissions,
    reason: row.reason,
    requestedBy: row.requested_by,
    requestedAt: row.requested_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
    decidedBy: row.decided_by,
    decidedAt: row.decided_at?.toISOString() ?? null,
    decisionReason: row.decision_reason,
    assignmentId: row.assignment_id,
  };
}

/** Ids only: security events travel through the outbox and the audit trail. */
const detailsOf = (row: GrantRequestRow) => ({
  kind: row.kind,
  roleId: row.role_id,
  userId: row.user_id,
  groupId: row.group_id,
  unitId: row.unit_id,
  permissions: row.permissions,
  requestedBy: row.requested_by,
  expiresAt: row.expires_at.toISOString(),
});

interface Judgement {
  /** May the actor know of the request at all (else it is not found). */
  visible: boolean;
  /** Why the actor may not approve it; null when she may. */
  refusal: string | null;
  unitId: string | null;
  notify: SecurityNotice[];
}

const actorIdOf = (actor: Actor): string => {
  if ((actor.kind !== 'user' && actor.kind !== 'service') || !actor.id)
    throw AppError.forbidden('Only people and service accounts take part in grant requests.');
  return actor.id;
};

export class Approvals {
  readonly #db: Database;
  readonly #registry: PermissionRegistry;

  constructor(db: Database, registry: PermissionRegistry) {
    this.#db = db;
    this.#registry = registry;
  }

  /** The permissions that count: one no module defines any more gives nothing (grants.repository.ts). */
  effective(permissions: readonly string[]): string[] {
    return permissions.filter((p) => this.#registry.has(p));
  }

  /** A role is privileged when it bundles a permission a module marks privileged. */
  isPrivileged(permissions: readonly string[]): boolean {
    const privileged = new Set(
      this.#registry
        .all()
        .filter((p) => p.privileged)
        .map((p) => p.name),
    );
    return permissions.some((p) => privileged.has(p));
  }

  /** Files a request in the caller's transaction, with its security event. */
  async file(tx: Tx, request: NewGrantRequest, concerns: { unitId: string | null; notify: SecurityNotice[] }): Promise<GrantRequestView> {
    const row = await insertGrantRequest(tx, actorIdOf(tx.ctx.actor), request, REQUEST_VALID_DAYS);
    await recordSecurityEvent(tx, {
      action: 'grant-request.create',
      objectType: 'grant-request',
      objectId: row.id,
      unitId: concerns.unitId,
      notify: concerns.notify,
      reason: row.reason,
      details: detailsOf(row),
    });
    return presentGrantRequest(row);
  }

  /** `decide`: pending requests the actor may approve; `mine`: the actor's own requests, newest first. */
  async list(ctx: ActorContext, view: 'decide' | 'mine'): Promise<GrantRequestView[]> {
    return this.#db.transaction(ctx, async (tx) => {
      const actor = tx.ctx.actor;
      let items: GrantRequestView[] = [];
      if (view === 'mine') items = (await grantRequestsBy(tx, actorIdOf(actor), LIST_LIMIT)).map((r) => presentGrantRequest(r));
      else {
        for (const row of await pendingGrantRequests(tx, LIST_LIMIT)) {
          const judgement = await this.#judge(tx, actor, row);
          if (judgement.visible && judgement.refusal === null) items.push(presentGrantRequest(row));
        }
      }
      await recordAudit(tx, {
        action: 'grant-request.list',
        objectType: 'grant-request',
        objectIds: items.map((i) => i.id),
        details: { view, count: items.length },
      });
      return items;
    });
  }

  async approve(ctx: ActorContext, id: string, reason: string | null): Promise<GrantRequestView> {
    return recordingRefusals(this.#db, ctx, async (tx) => {
      const { row, judgement } = await this.#open(tx, id);
      if (judgement.refusal) {
        throw new EscalationRefused(judgement.refusal, {
          action: 'grant-request.approve',
          objectType: 'grant-request',
          objectId: id,
          unitId: judgement.unitId,
          notify: judgement.notify,
          details: detailsOf(row),
        });
      }
      const approval = { requestId: row.id, requestedBy: row.requested_by };
      let assignmentId: string | null = null;
      if (row.kind === 'grant') {
        const input = {
          roleId: row.role_id!,
          userId: row.user_id,
          groupId: row.group_id,
          unitId: row.unit_id!,
          startsAt: row.starts_at,
          endsAt: row.ends_at,
          reason: row.reason,
        };
        assignmentId = (await grantRole(tx, input, approval).catch(noLonger)).id;
      } else if (row.kind === 'membership') {
        if ((await userStatus(tx, row.user_id!)) !== 'active') throw AppError.conflict('The user is no longer active: refuse the request.');
        await addMember(tx, row.group_id!, row.user_id!);
        await recordAudit(tx, {
          action: 'group.add-member',
          objectType: 'user-group',
          objectId: row.group_id,
          reason: row.reason,
          details: { userId: row.user_id, approval },
        });
      } else {
        const role = await lockRole(tx, row.role_id!);
        if (!role || role.version !== row.role_version)
          throw AppError.conflict('The role was changed after this was asked: refuse the request and ask again.');
        const permissions = row.permissions!;
        await replaceRolePermissions(tx, role.id, permissions);
        await recordAudit(tx, {
          action: 'role.set-permissions',
          objectType: 'role',
          objectId: role.id,
          reason: row.reason,
          details: {
            added: permissions.filter((p) => !role.permissions.includes(p)),
            removed: role.permissions.filter((p) => !permissions.includes(p)),
            approval,
          },
        });
      }
      await decideGrantRequest(tx, id, { status: 'approved', decidedBy: actorIdOf(tx.ctx.actor), reason, assignmentId });
      await recordSecurityEvent(tx, {
        action: 'grant-request.approve',
        objectType: 'grant-request',
        objectId: id,
        unitId: judgement.unitId,
        notify: judgement.notify,
        reason,
        details: { ...detailsOf(row), assignmentId },
      });
      return presentGrantRequest((await findGrantRequest(tx, id))!);
    });
  }

  /** Anyone who may see the request as a decider refuses it, except its requester (it expires by itself). */
  async refuse(ctx: ActorContext, id: string, reason: string): Promise<GrantRequestView> {
    return this.#db.transaction(ctx, async (tx) => {
      const { row, judgement } = await this.#open(tx, id);
      const actorId = actorIdOf(tx.ctx.actor);
      if (row.requested_by === actorId)
        throw AppError.forbidden('You asked for this yourself: another administrator decides it (unanswered, it expires).');
      await decideGrantRequest(tx, id, { status: 'refused', decidedBy: actorId, reason });
      await recordSecurityEvent(tx, {
        action: 'grant-request.refuse',
        objectType: 'grant-request',
        objectId: id,
        unitId: judgement.unitId,
        notify: judgement.notify,
        reason,
        details: detailsOf(row),
      });
      return presentGrantRequest((await findGrantRequest(tx, id))!);
    });
  }

  /** The request, locked, if the actor may know of it (else 404) and it still waits for a decision (else 409). */
  async #open(tx: Tx, id: string): Promise<{ row: GrantRequestRow; judgement: Judgement }> {
    const seen = await findGrantRequest(tx, id);
    if (!seen || !(await this.#judge(tx, tx.ctx.actor, seen)).visible) throw AppError.notFound();
    if (seen.status !== 'pending') throw AppError.conflict(`The request was ${seen.status} already.`);
    if (seen.expires_at.getTime() <= Date.now()) throw AppError.conflict('The request has expired: ask again if it is still needed.');
    // Locking reads only what may still be decided (row-level security: pending rows), so a request
    // decided meanwhile by someone else is gone here. Judged again under the lock.
    const row = await findGrantRequest(tx, id, { lock: true });
    if (!row || row.status !== 'pending') throw AppError.conflict('The request was decided meanwhile.');
    return { row, judgement: await this.#judge(tx, tx.ctx.actor, row) };
  }

  /** Who may know of the request and whether the actor may approve it, against the grants as they are now. */
  async #judge(tx: Tx, actor: Actor, row: GrantRequestRow): Promise<Judgement> {
    const requester = row.requested_by === actor.id;
    const asked = requester ? 'You asked for this yourself: another administrator decides it.' : null;
    if (row.kind === 'role-permissions') {
      const root = await rootUnitId(tx);
      const current = (await permissionsOfRoles(tx, [row.role_id!])).get(row.role_id!)!;
      const added = this.effective(row.permissions!.filter((p) => !current.includes(p)));
      const holders = await roleHolderIds(tx, row.role_id!);
      const refusal =
        asked ??
        (holders.includes(actor.id ?? '') ? 'You hold this role: the change would give you its new permissions.' : null) ??
        (mayEditRole(actor, root, added, false) ? null : 'Approving a role change needs roles.manage at the root unit.');
      return {
        visible: requester || hasPermissionIn(actor, 'roles.manage', root),
        refusal,
        unitId: root,
        notify: [{ permission: 'roles.manage', unitId: root }],
      };
    }
    let gifts: { roleId: string; unitId: string }[];
    let grantees: string[];
    if (row.kind === 'grant') {
      gifts = [{ roleId: row.role_id!, unitId: row.unit_id! }];
      grantees = row.user_id ? [row.user_id] : await groupMemberIds(tx, row.group_id!);
    } else {
      gifts = await groupReach(tx, row.group_id!);
      grantees = [row.user_id!];
    }
    const units = [...new Set(gifts.map((g) => g.unitId))];
    const visible =
      requester ||
      (units.length > 0 ? units.some((u) => hasPermissionIn(actor, 'grants.manage', u)) : hasPermission(actor, 'grants.manage'));
    const refusal =
      asked ??
      (grantees.includes(actor.id ?? '') ? 'It would give the role to you: another administrator decides it.' : null) ??
      (grantees.includes(row.requested_by) ? 'It would now give the role to the one who asked for it: refuse it.' : null) ??
      (gifts.every((g) => mayGive(actor, g.unitId))
        ? null
        : 'You could not make this grant yourself: approving needs grants.manage in its unit.');
    return { visible, refusal, unitId: units[0] ?? null, notify: grantManagersOf(units) };
  }
}

/** A grant that was valid when asked for but no longer is (user deactivated, end date passed): 409. */
function noLonger(error: unknown): never {
  if (error instanceof AppError && error.status === 400) {
    throw AppError.conflict(
      `The grant can no longer be made as asked (${(error.errors ?? []).map((e) => e.detail).join('; ') || error.detail}): refuse the request.`,
    );
  }
  throw error;
}
