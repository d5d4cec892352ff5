// Roles bundle permissions; a role holds wherever it is granted, so only roles.manage at the root unit
// edits it, never adding to a role the editor holds herself, and a privileged permission added waits
// for a second approver (approvals.service.ts). Changes are audited with a reason; a version keeps two
// administrators from overwriting each other.
import type { ActorContext } from '../../../kernel/auth/actor.ts';
import { hasPermissionIn, type PermissionRegistry } from '../../../kernel/auth/permissions.ts';
import type { Database } from '../../../kernel/db/database.ts';
import { onViolation } from '../../../kernel/db/sqlstate.ts';
import { AppError } from '../../../kernel/errors.ts';
import { recordAudit } from '../../../kernel/audit/audit.ts';
import { alreadyInUse } from '../identity.errors.ts';
import { mayEditRole } from '../identity.policy.ts';
import { rootUnitId } from '../organisation/directory.repository.ts';
import { roleHolderIds } from './grants.repository.ts';
import { insertRole, listRoles, lockRole, replaceRolePermissions } from './roles.repository.ts';
import type { Approvals } from './approvals.service.ts';
import { EscalationRefused, recordingRefusals } from './escalation.ts';

export class RolesService {
  readonly #db: Database;
  readonly #permissions: PermissionRegistry;
  readonly #approvals: Approvals;

  constructor(db: Database, permissions: PermissionRegistry, approvals: Approvals) {
    this.#db = db;
    this.#permissions = permissions;
    this.#approvals = approvals;
  }

  /** Every permission the modules define. */
  permissions() {
    return this.#permissions
      .all()
      .map((p) => ({ name: p.name, module: p.module, description: p.description, privileged: p.privileged ?? false }));
  }

  privilegedPermissions(): string[] {
    return this.#permissions
      .all()
      .filter((p) => p.privileged)
      .map((p) => p.name);
  }

  async roles() {
    const rows = await listRoles(this.#db.kysely);
    const privileged = new Set(this.privilegedPermissions());
    return rows.map((r) => ({ ...r, privileged: r.permissions.some((p) => privileged.has(p)) }));
  }

  #checkPermissions(permissions: string[]): void {
    const unknown = permissions.filter((p) => !this.#permissions.has(p));
    if (unknown.length > 0)
      throw AppError.badRequest(
        'Roles can only bundle permissions that exist.',
        unknown.map((p) => ({ pointer: '/body/permissions', detail: `unknown permission ${p}` })),
      );
  }

  /** A new role is held by nobody: it gives nothing until it is granted (which privileged roles do with four eyes). */
  async createRole(ctx: ActorContext, input: { name: string; description: string; permissions: string[]; reason: string }) {
    this.#checkPermissions(input.permissions);
    const id = await recordingRefusals(this.#db, ctx, async (tx) => {
      const root = await rootUnitId(tx);
      // A new role reaches nobody until it is granted, and that grant is judged then.
      if (!mayEditRole(ctx.actor, root, input.permissions, false)) throw this.#roleRefused(root, null, 'role.create', input.permissions);
      const roleId = await insertRole(tx, input).catch(onViolation({ unique: () => alreadyInUse('name') }));
      await recordAudit(tx, {
        action: 'role.create',
        objectType: 'role',
        objectId: roleId,
        reason: input.reason,
        details: { name: input.name, permissions: input.permissions },
      });
      return roleId;
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
        const request = await this.#approvals.file(
          tx,
          { kind: 'role-permissions', roleId, permissions: input.permissions, roleVersion: role.version, reason: input.reason },
          { unitId: root, notify: [{ permission: 'roles.manage', unitId: root }] },
        );
        return { request };
      }
      await replaceRolePermissions(tx, roleId, input.permissions);
      await recordAudit(tx, {
        action: 'role.set-permissions',
        objectType: 'role',
        objectId: roleId,
        reason: input.reason,
        details: { added, removed },
      });
      return { request: null };
    });
    if (outcome.request) return { request: outcome.request, role: null };
    return { request: null, role: (await this.roles()).find((r) => r.id === roleId)! };
  }

  #roleRefused(root: string, roleId: string | null, action: string, added: readonly string[]): EscalationRefused {
    return new EscalationRefused(
      'Roles hold wherever they are granted: editing them needs roles.manage at the root unit, and nobody adds permissions to a role she holds herself.',
      {
        action,
        objectType: 'role',
        objectId: roleId,
        unitId: root,
        notify: [{ permission: 'roles.manage', unitId: root }],
        details: { added },
      },
    );
  }
}
