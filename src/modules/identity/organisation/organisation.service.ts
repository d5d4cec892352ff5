// Organisational units, user groups and roles: the structure grants hang on. Changes are audited
// with a reason; optimistic concurrency (version) keeps two administrators from overwriting each other.
import { sql } from 'kysely';
import type { ActorContext } from '../../../kernel/auth/actor.ts';
import type { PermissionRegistry } from '../../../kernel/auth/permissions.ts';
import { hasPermissionIn } from '../../../kernel/auth/access.ts';
import { authorize } from '../../../kernel/auth/policy.ts';
import type { Database, Tx } from '../../../kernel/db/database.ts';
import { AppError } from '../../../kernel/errors.ts';
import { recordAudit } from '../../../kernel/audit/audit.ts';
import { mayEditRole, mayGive, mayRevoke, unitPolicy } from '../identity.policy.ts';
import { checkGrantInput, grantRole, type GrantInput, type RoleAssignment } from '../grants/grants.service.ts';
import { groupReach, isGroupMember, permissionsOfRoles, roleHolderIds } from '../grants/grants.repository.ts';
import { addMember, groupExists, lockRole, removeMember, replaceRolePermissions, userStatus } from './organisation.repository.ts';
import { rootUnitId } from './directory.repository.ts';
import type { Approvals, GrantRequestView } from '../grants/approvals.service.ts';
import { EscalationRefused, grantManagersOf, recordingRefusals } from '../grants/escalation.ts';

type UnitRow = { id: string; parent_id: string | null; kind: 'national' | 'region' | 'team'; code: string; name: string; manager_id: string | null; active: boolean; version: number };

export const presentUnit = (u: UnitRow) => ({ id: u.id, parentId: u.parent_id, kind: u.kind, code: u.code, name: u.name, managerId: u.manager_id, active: u.active, version: u.version });

function uniqueViolation(field: string) {
  return (error: unknown): never => {
    if ((error as { code?: string }).code === '23505') throw AppError.badRequest(`That ${field} is already in use.`, [{ pointer: `/body/${field}`, detail: 'already in use' }]);
    throw error;
  };
}

export class OrganisationService {
  readonly #db: Database;
  readonly #permissions: PermissionRegistry;
  readonly #approvals: Approvals;

  constructor(db: Database, permissions: PermissionRegistry, approvals: Approvals) {
    this.#db = db;
    this.#permissions = permissions;
    this.#approvals = approvals;
  }

  async units() {
    const rows = (await this.#db.kysely.selectFrom('org_unit').selectAll().orderBy('kind').orderBy('name').execute()) as UnitRow[];
    return rows.map(presentUnit);
  }

  async #unit(tx: Tx, id: string): Promise<UnitRow> {
    const row = (await tx.db.selectFrom('org_unit').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()) as UnitRow | undefined;
    if (!row) throw AppError.notFound();
    return row;
  }

  async #activeUser(tx: Tx, id: string, pointer: string): Promise<void> {
    const user = await tx.db.selectFrom('app_user').select(['status', 'kind']).where('id', '=', id).executeTakeFirst();
    if (!user || user.status !== 'active' || user.kind === 'service') throw AppError.badRequest('The manager must be an active person.', [{ pointer, detail: 'no such active staff member or volunteer' }]);
  }

  async createUnit(ctx: ActorContext, input: { parentId: string; kind: 'region' | 'team'; code: string; name: string; managerId?: string | null; reason: string }) {
    return this.#db.transaction(ctx, async (tx) => {
      const parent = await this.#unit(tx, input.parentId).catch(() => {
        throw AppError.badRequest('No such parent unit.', [{ pointer: '/body/parentId', detail: 'no such unit' }]);
      });
      authorize(ctx.actor, unitPolicy, 'addChild', { id: parent.id, parentId: parent.parent_id });
      if (input.managerId) await this.#activeUser(tx, input.managerId, '/body/managerId');
      const row = (await tx.db.insertInto('org_unit')
        .values({ parent_id: parent.id, kind: input.kind, code: input.code, name: input.name, manager_id: input.managerId ?? null })
        .returningAll().executeTakeFirstOrThrow().catch(uniqueViolation('code'))) as UnitRow;
      await recordAudit(tx, { action: 'unit.create', objectType: 'org-unit', objectId: row.id, reason: input.reason, details: { parentId: parent.id, kind: row.kind, code: row.code } });
      return presentUnit(row);
    });
  }

  async updateUnit(ctx: ActorContext, id: string, input: { name?: string; parentId?: string; managerId?: string | null; active?: boolean; version: number; reason: string }) {
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
      const row = (await tx.db.updateTable('org_unit')
        .set({
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.parentId !== undefined ? { parent_id: input.parentId } : {}),
          ...(input.managerId !== undefined ? { manager_id: input.managerId } : {}),
          ...(input.active !== undefined ? { active: input.active } : {}),
          updated_at: sql<Date>`now()`,
          version: sql<number>`version + 1`,
        })
        .where('id', '=', id).returningAll().executeTakeFirstOrThrow()
        .catch((error: unknown) => {
          // The cycle trigger (migrations/0001) refuses moving a unit under its own subtree.
          if ((error as { code?: string }).code === '23514') throw AppError.badRequest('A unit cannot be moved under itself or its own subunits.', [{ pointer: '/body/parentId', detail: 'would create a cycle' }]);
          throw error;
        })) as UnitRow;
      const changed = ['name', 'parentId', 'managerId', 'active'].filter((k) => k in input);
      await recordAudit(tx, { action: 'unit.update', objectType: 'org-unit', objectId: id, reason: input.reason, changedFields: changed, details: { parentId: row.parent_id, managerId: row.manager_id, active: row.active } });
      return presentUnit(row);
    });
  }

  async groups() {
    const rows = await this.#db.kysely.selectFrom('user_group as g')
      .leftJoin('user_group_member as m', 'm.group_id', 'g.id')
      .select(['g.id', 'g.name', 'g.description', 'g.version', sql<string[]>`coalesce(array_agg(m.user_id::text order by m.user_id) filter (where m.user_id is not null), '{}')`.as('memberIds')])
      .groupBy('g.id').orderBy('g.name').execute();
    return rows;
  }

  async createGroup(ctx: ActorContext, input: { name: string; description: string; reason: string }) {
    return this.#db.transaction(ctx, async (tx) => {
      const row = await tx.db.insertInto('user_group').values({ name: input.name, description: input.description }).returning(['id', 'name', 'description', 'version']).executeTakeFirstOrThrow().catch(uniqueViolation('name'));
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
      const refused = (detail: string) => new EscalationRefused(detail, {
        action: 'group.add-member', objectType: 'user-group', objectId: groupId, unitId: units[0] ?? null, notify: grantManagersOf(units), details: { userId },
      });
      if (userId === ctx.actor.id) throw refused('You cannot change your own group memberships; ask another administrator.');
      if ((await userStatus(tx, userId)) !== 'active') throw AppError.badRequest('No such active user.', [{ pointer: '/body/userId', detail: 'no such active user' }]);
      const permissions = await permissionsOfRoles(tx, reach.map((r) => r.roleId));
      const gives = reach.map((r) => this.#approvals.effective(permissions.get(r.roleId)!));
      if (!reach.every((r) => mayGive(ctx.actor, r.unitId))) {
        throw refused('The group holds grants you could not make yourself: adding a member needs grants.manage in the unit of each of its grants.');
      }
      if (gives.some((p) => this.#approvals.isPrivileged(p))) {
        return { request: await this.#approvals.file(tx, { kind: 'membership', groupId, userId, reason }, { unitId: units[0] ?? null, notify: grantManagersOf(units) }) };
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

  /**
   * POST /grants: a role to a user or a group in a unit. Only who could make the grant herself, never
   * to herself (directly or through a group she is in); a privileged role waits for a second approver.
   */
  async give(ctx: ActorContext, input: GrantInput): Promise<{ granted: RoleAssignment } | { request: GrantRequestView }> {
    return recordingRefusals(this.#db, ctx, async (tx) => {
      const refused = (detail: string) => new EscalationRefused(detail, {
        action: 'grant.create', objectType: 'role', objectId: input.roleId, unitId: input.unitId, notify: grantManagersOf([input.unitId]),
        details: { roleId: input.roleId, userId: input.userId ?? null, groupId: input.groupId ?? null, unitId: input.unitId },
      });
      if (input.userId && input.userId === ctx.actor.id) throw refused('You cannot grant roles to yourself; ask another administrator.');
      await checkGrantInput(tx, input);
      if (input.groupId && ctx.actor.id && (await isGroupMember(tx, input.groupId, ctx.actor.id))) {
        throw refused('You are a member of that group: a grant to it is a grant to yourself; ask another administrator.');
      }
      const permissions = this.#approvals.effective((await permissionsOfRoles(tx, [input.roleId])).get(input.roleId)!);
      if (!mayGive(ctx.actor, input.unitId)) {
        throw refused('You can only grant a role in a unit where you manage grants (grants.manage there or above it).');
      }
      if (this.#approvals.isPrivileged(permissions)) {
        const request = await this.#approvals.file(tx, {
          kind: 'grant', roleId: input.roleId, userId: input.userId ?? null, groupId: input.groupId ?? null, unitId: input.unitId, startsAt: input.startsAt ?? null, endsAt: input.endsAt ?? null, reason: input.reason,
        }, { unitId: input.unitId, notify: grantManagersOf([input.unitId]) });
        return { request };
      }
      return { granted: await grantRole(tx, input) };
    });
  }

  privilegedPermissions(): string[] {
    return this.#permissions.all().filter((p) => p.privileged).map((p) => p.name);
  }

  async roles() {
    const rows = await this.#db.kysely.selectFrom('role as r')
      .leftJoin('role_permission as rp', 'rp.role_id', 'r.id')
      .select(['r.id', 'r.key', 'r.name', 'r.description', 'r.version', sql<string[]>`coalesce(array_agg(rp.permission order by rp.permission) filter (where rp.permission is not null), '{}')`.as('permissions')])
      .groupBy('r.id').orderBy('r.name').execute();
    const privileged = new Set(this.privilegedPermissions());
    return rows.map((r) => ({ ...r, privileged: r.permissions.some((p) => privileged.has(p)) }));
  }

  #checkPermissions(permissions: string[]): void {
    const unknown = permissions.filter((p) => !this.#permissions.has(p));
    if (unknown.length > 0) throw AppError.badRequest('Roles can only bundle permissions that exist.', unknown.map((p) => ({ pointer: '/body/permissions', detail: `unknown permission ${p}` })));
  }

  /** A new role is held by nobody: it gives nothing until it is granted (which privileged roles do with four eyes). */
  async createRole(ctx: ActorContext, input: { name: string; description: string; permissions: string[]; reason: string }) {
    this.#checkPermissions(input.permissions);
    const id = await recordingRefusals(this.#db, ctx, async (tx) => {
      const root = await rootUnitId(tx);
      // A new role reaches nobody until it is granted, and that grant is judged then.
      if (!mayEditRole(ctx.actor, root, input.permissions, false)) throw this.#roleRefused(root, null, 'role.create', input.permissions);
      const role = await tx.db.insertInto('role').values({ name: input.name, description: input.description }).returning('id').executeTakeFirstOrThrow().catch(uniqueViolation('name'));
      if (input.permissions.length > 0) await tx.db.insertInto('role_permission').values(input.permissions.map((permission) => ({ role_id: role.id, permission }))).execute();
      await recordAudit(tx, { action: 'role.create', objectType: 'role', objectId: role.id, reason: input.reason, details: { name: input.name, permissions: input.permissions } });
      return role.id;
    });
    return (await this.roles()).find((r) => r.id === id)!;
  }

  /**
   * Replaces a role's permissions; effective for every holder on their next request. A role holds
   * wherever it is granted, so only roles.manage at the root edits it, never adding to a role the editor
   * holds herself; adding a privileged permission waits for a second approver.
   */
  async setRolePermissions(ctx: ActorContext, roleId: string, input: { permissions: string[]; version: number; reason: string }) {
    this.#checkPermissions(input.permissions);
    const outcome = await recordingRefusals(this.#db, ctx, async (tx) => {
      const root = await rootUnitId(tx);
      if (!hasPermissionIn(ctx.actor, 'roles.manage', root)) throw this.#roleRefused(root, roleId, 'role.set-permissions', []);
      const role = await lockRole(tx, roleId);
      if (!role) throw AppError.notFound();
      if (role.version !== input.version) throw AppError.preconditionFailed();
      const added = input.permissions.filter((p) => !role.permissions.includes(p));
      const removed = role.permissions.filter((p) => !input.permissions.includes(p));
      const holdsRole = ctx.actor.id !== null && (await roleHolderIds(tx, roleId)).includes(ctx.actor.id);
      if (!mayEditRole(ctx.actor, root, added, holdsRole)) throw this.#roleRefused(root, roleId, 'role.set-permissions', added);
      if (this.#approvals.isPrivileged(added)) {
        const request = await this.#approvals.file(tx, { kind: 'role-permissions', roleId, permissions: input.permissions, roleVersion: role.version, reason: input.reason }, { unitId: root, notify: [{ permission: 'roles.manage', unitId: root }] });
        return { request };
      }
      await replaceRolePermissions(tx, roleId, input.permissions);
      await recordAudit(tx, { action: 'role.set-permissions', objectType: 'role', objectId: roleId, reason: input.reason, details: { added, removed } });
      return { request: null };
    });
    if (outcome.request) return { request: outcome.request, role: null };
    return { request: null, role: (await this.roles()).find((r) => r.id === roleId)! };
  }

  #roleRefused(root: string, roleId: string | null, action: string, added: readonly string[]): EscalationRefused {
    return new EscalationRefused('Roles hold wherever they are granted: editing them needs roles.manage at the root unit, and nobody adds permissions to a role she holds herself.', {
      action, objectType: 'role', objectId: roleId, unitId: root, notify: [{ permission: 'roles.manage', unitId: root }], details: { added },
    });
  }
}
