// Organisational units and user groups: the structure grants hang on (roles and grants are in
// grants/). Changes are audited with a reason; optimistic concurrency (version) keeps two
// administrators from overwriting each other.
import type { ActorContext } from '../../../kernel/auth/actor.ts';
import { authorize } from '../../../kernel/auth/policy.ts';
import type { Database, Tx } from '../../../kernel/db/database.ts';
import { onViolation } from '../../../kernel/db/sqlstate.ts';
import { AppError } from '../../../kernel/errors.ts';
import { recordAudit } from '../../../kernel/audit/audit.ts';
import { alreadyInUse } from '../identity.errors.ts';
import { mayGive, mayRevoke, unitPolicy } from '../identity.policy.ts';
import { groupReach, permissionsOfRoles } from '../grants/grants.repository.ts';
import {
  addMember,
  findUserStanding,
  groupExists,
  insertGroup,
  insertUnit,
  listGroups,
  listUnits,
  lockUnit,
  removeMember,
  updateUnit,
  userStatus,
  type UnitRow,
} from './organisation.repository.ts';
import type { Approvals, GrantRequestView } from '../grants/approvals.service.ts';
import { EscalationRefused, grantManagersOf, recordingRefusals } from '../grants/escalation.ts';

export const presentUnit = (u: UnitRow) => ({
  id: u.id,
  parentId: u.parent_id,
  kind: u.kind,
  code: u.code,
  name: u.name,
  managerId: u.manager_id,
  active: u.active,
  version: u.version,
});

export class OrganisationService {
  readonly #db: Database;
  readonly #approvals: Approvals;

  constructor(db: Database, approvals: Approvals) {
    this.#db = db;
    this.#approvals = approvals;
  }

  async units() {
    return (await listUnits(this.#db.kysely)).map(presentUnit);
  }

  async #unit(tx: Tx, id: string): Promise<UnitRow> {
    const row = await lockUnit(tx, id);
    if (!row) throw AppError.notFound();
    return row;
  }

  async #activeUser(tx: Tx, id: string, pointer: string): Promise<void> {
    const user = await findUserStanding(tx, id);
    if (!user || user.status !== 'active' || user.kind === 'service')
      throw AppError.badRequest('The manager must be an active person.', [{ pointer, detail: 'no such active staff member or volunteer' }]);
  }

  async createUnit(
    ctx: ActorContext,
    input: { parentId: string; kind: 'region' | 'team'; code: string; name: string; managerId?: string | null; reason: string },
  ) {
    return this.#db.transaction(ctx, async (tx) => {
      const parent = await this.#unit(tx, input.parentId).catch(() => {
        throw AppError.badRequest('No such parent unit.', [{ pointer: '/body/parentId', detail: 'no such unit' }]);
      });
      authorize(ctx.actor, unitPolicy, 'addChild', { id: parent.id, parentId: parent.parent_id });
      if (input.managerId) await this.#activeUser(tx, input.managerId, '/body/managerId');
      const row = await insertUnit(tx, {
        parentId: parent.id,
        kind: input.kind,
        code: input.code,
        name: input.name,
        managerId: input.managerId ?? null,
      }).catch(onViolation({ unique: () => alreadyInUse('code') }));
      await recordAudit(tx, {
        action: 'unit.create',
        objectType: 'org-unit',
        objectId: row.id,
        reason: input.reason,
        details: { parentId: parent.id, kind: row.kind, code: row.code },
      });
      return presentUnit(row);
    });
  }

  async updateUnit(
    ctx: ActorContext,
    id: string,
    input: { name?: string; parentId?: string; managerId?: string | null; active?: boolean; version: number; reason: string },
  ) {
    return this.#db.transaction(ctx, async (tx) => {
      const unit = await this.#unit(tx, id);
      authorize(ctx.actor, unitPolicy, 'update', { id: unit.id, parentId: unit.parent_id });
      if (unit.version !== input.version) throw AppError.preconditionFailed();
      if (input.parentId && input.parentId !== unit.parent_id) {
        const target = await this.#unit(tx, input.parentId).catch(() => {
          throw AppError.badRequest('No such parent unit.', [{ pointer: '/body/parentId', detail: 'no such unit' }]);
        });
        authorize(ctx.actor, unitPolicy, 'addChild', { id: target.id, parentId: target.parent_id });
      }
      if (input.managerId) await this.#activeUser(tx, input.managerId, '/body/managerId');
      // The cycle trigger (migrations/0001) refuses moving a unit under its own subtree.
      const row = await updateUnit(tx, id, input).catch(
        onViolation({
          check: () =>
            AppError.badRequest('A unit cannot be moved under itself or its own subunits.', [
              { pointer: '/body/parentId', detail: 'would create a cycle' },
            ]),
        }),
      );
      const changed = ['name', 'parentId', 'managerId', 'active'].filter((k) => k in input);
      await recordAudit(tx, {
        action: 'unit.update',
        objectType: 'org-unit',
        objectId: id,
        reason: input.reason,
        changedFields: changed,
        details: { parentId: row.parent_id, managerId: row.manager_id, active: row.active },
      });
      return presentUnit(row);
    });
  }

  async groups() {
    return listGroups(this.#db.kysely);
  }

  async createGroup(ctx: ActorContext, input: { name: string; description: string; reason: string }) {
    return this.#db.transaction(ctx, async (tx) => {
      const row = await insertGroup(tx, input).catch(onViolation({ unique: () => alreadyInUse('name') }));
      await recordAudit(tx, { action: 'group.create', objectType: 'user-group', objectId: row.id, reason: input.reason });
      return { ...row, memberIds: [] as string[] };
    });
  }

  /**
   * Adding a member gives her every role assignment the group holds; so it is allowed only to someone
   * who could make each of those grants herself (identity.policy.ts mayGive), and when one of them is
   * of a privileged role, it waits for a second approver (approvals.service.ts). Removing a member takes
   * those grants away, like revoking them: it needs grants.manage in each of their units (a team's
   * administrator must not strip a national administrator of her rights by way of a group).
   */
  async addMember(ctx: ActorContext, groupId: string, userId: string, reason: string): Promise<{ request: GrantRequestView | null }> {
    return recordingRefusals(this.#db, ctx, async (tx) => {
      if (!(await groupExists(tx, groupId))) throw AppError.notFound();
      const reach = await groupReach(tx, groupId);
      const units = reach.map((r) => r.unitId);
      const refused = (detail: string) =>
        new EscalationRefused(detail, {
          action: 'group.add-member',
          objectType: 'user-group',
          objectId: groupId,
          unitId: units[0] ?? null,
          notify: grantManagersOf(units),
          details: { userId },
        });
      if (userId === ctx.actor.id) throw refused('You cannot change your own group memberships; ask another administrator.');
      if ((await userStatus(tx, userId)) !== 'active')
        throw AppError.badRequest('No such active user.', [{ pointer: '/body/userId', detail: 'no such active user' }]);
      const permissions = await permissionsOfRoles(
        tx,
        reach.map((r) => r.roleId),
      );
      const gives = reach.map((r) => this.#approvals.effective(permissions.get(r.roleId)!));
      if (!reach.every((r) => mayGive(ctx.actor, r.unitId))) {
        throw refused(
          'The group holds grants you could not make yourself: adding a member needs grants.manage in the unit of each of its grants.',
        );
      }
      if (gives.some((p) => this.#approvals.isPrivileged(p))) {
        return {
          request: await this.#approvals.file(
            tx,
            { kind: 'membership', groupId, userId, reason },
            { unitId: units[0] ?? null, notify: grantManagersOf(units) },
          ),
        };
      }
      await addMember(tx, groupId, userId);
      await recordAudit(tx, { action: 'group.add-member', objectType: 'user-group', objectId: groupId, reason, details: { userId } });
      return { request: null };
    });
  }

  async removeMember(ctx: ActorContext, groupId: string, userId: string, reason: string): Promise<void> {
    await this.#db.transaction(ctx, async (tx) => {
      if (!(await groupExists(tx, groupId))) throw AppError.notFound();
      if (userId === ctx.actor.id) throw AppError.forbidden('You cannot change your own group memberships; ask another administrator.');
      const reach = await groupReach(tx, groupId);
      if (!reach.every((r) => mayRevoke(ctx.actor, r.unitId))) {
        throw AppError.forbidden('The group holds grants in units where you do not manage grants: removing a member would revoke them.');
      }
      if (!(await removeMember(tx, groupId, userId))) throw AppError.notFound();
      await recordAudit(tx, { action: 'group.remove-member', objectType: 'user-group', objectId: groupId, reason, details: { userId } });
    });
  }
}
