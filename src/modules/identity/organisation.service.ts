// Organisational units, user groups and roles: the structure grants hang on. Changes are audited
// with a reason; optimistic concurrency (version) keeps two administrators from overwriting each other.
import { sql } from 'kysely';
import type { ActorContext } from '../../kernel/auth/actor.ts';
import type { PermissionRegistry } from '../../kernel/auth/permissions.ts';
import { hasPermission } from '../../kernel/auth/access.ts';
import { authorize } from '../../kernel/auth/policy.ts';
import type { Database, Tx } from '../../kernel/db/database.ts';
import { AppError } from '../../kernel/errors.ts';
import { recordAudit } from '../../kernel/audit/audit.ts';
import { unitPolicy } from './identity.policy.ts';

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

  constructor(db: Database, permissions: PermissionRegistry) {
    this.#db = db;
    this.#permissions = permissions;
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

  /** Group membership changes grants (through the group's role assignments): audited like a grant. */
  async setMembership(ctx: ActorContext, groupId: string, userId: string, member: boolean, reason: string): Promise<void> {
    await this.#db.transaction(ctx, async (tx) => {
      const group = await tx.db.selectFrom('user_group').select('id').where('id', '=', groupId).executeTakeFirst();
      if (!group) throw AppError.notFound();
      if (userId === ctx.actor.id) throw AppError.forbidden('You cannot change your own group memberships; ask another administrator.');
      if (member) {
        const user = await tx.db.selectFrom('app_user').select('status').where('id', '=', userId).executeTakeFirst();
        if (!user || user.status !== 'active') throw AppError.badRequest('No such active user.', [{ pointer: '/body/userId', detail: 'no such active user' }]);
        await tx.db.insertInto('user_group_member').values({ group_id: groupId, user_id: userId }).onConflict((oc) => oc.doNothing()).execute();
      } else {
        const removed = await tx.db.deleteFrom('user_group_member').where('group_id', '=', groupId).where('user_id', '=', userId).executeTakeFirst();
        if (Number(removed.numDeletedRows) === 0) throw AppError.notFound();
      }
      await recordAudit(tx, { action: member ? 'group.add-member' : 'group.remove-member', objectType: 'user-group', objectId: groupId, reason, details: { userId } });
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

  async createRole(ctx: ActorContext, input: { name: string; description: string; permissions: string[]; reason: string }) {
    this.#checkPermissions(input.permissions);
    const id = await this.#db.transaction(ctx, async (tx) => {
      const role = await tx.db.insertInto('role').values({ name: input.name, description: input.description }).returning('id').executeTakeFirstOrThrow().catch(uniqueViolation('name'));
      if (input.permissions.length > 0) await tx.db.insertInto('role_permission').values(input.permissions.map((permission) => ({ role_id: role.id, permission }))).execute();
      await recordAudit(tx, { action: 'role.create', objectType: 'role', objectId: role.id, reason: input.reason, details: { name: input.name, permissions: input.permissions } });
      return role.id;
    });
    return (await this.roles()).find((r) => r.id === id)!;
  }

  /** Replaces a role's permissions; effective for every holder on their next request. */
  async setRolePermissions(ctx: ActorContext, roleId: string, input: { permissions: string[]; version: number; reason: string }) {
    this.#checkPermissions(input.permissions);
    if (!hasPermission(ctx.actor, 'roles.manage')) throw AppError.forbidden();
    await this.#db.transaction(ctx, async (tx) => {
      const role = await tx.db.selectFrom('role').select(['id', 'version']).where('id', '=', roleId).forUpdate().executeTakeFirst();
      if (!role) throw AppError.notFound();
      if (role.version !== input.version) throw AppError.preconditionFailed();
      const before = (await tx.db.selectFrom('role_permission').select('permission').where('role_id', '=', roleId).execute()).map((r) => r.permission);
      await tx.db.deleteFrom('role_permission').where('role_id', '=', roleId).execute();
      if (input.permissions.length > 0) await tx.db.insertInto('role_permission').values(input.permissions.map((permission) => ({ role_id: roleId, permission }))).execute();
      await tx.db.updateTable('role').set({ updated_at: sql<Date>`now()`, version: sql<number>`version + 1` }).where('id', '=', roleId).execute();
      await recordAudit(tx, {
        action: 'role.set-permissions',
        objectType: 'role',
        objectId: roleId,
        reason: input.reason,
        details: { added: input.permissions.filter((p) => !before.includes(p)), removed: before.filter((p) => !input.permissions.includes(p)) },
      });
    });
    return (await this.roles()).find((r) => r.id === roleId)!;
  }
}
