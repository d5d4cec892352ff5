// Permissions are fine-grained strings owned by modules ("cases.read", "audit.read"). Modules declare
// theirs; roles (the identity module) bundle them; routes and policies refer to them. A route or
// policy naming a permission nobody defined is a typo, refused at start-up. An actor holds a
// permission through grants, each for a unit and its subtree (auth/actor.ts).
import type { Actor } from './actor.ts';

export interface PermissionDefinition {
  /** "<module>.<action>", kebab-case parts: "cases.read", "access-reviews.decide". */
  name: string;
  description: string;
  /** Privileged permissions fall under the quarterly access review (BIO). */
  privileged?: boolean;
}

const NAME = /^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/;

export class PermissionRegistry {
  readonly #definitions = new Map<string, PermissionDefinition & { module: string }>();

  define(module: string, definitions: PermissionDefinition[]): void {
    for (const definition of definitions) {
      if (!NAME.test(definition.name))
        throw new Error(`Permission ${definition.name} of module ${module} is not "<module>.<action>" in kebab-case`);
      const existing = this.#definitions.get(definition.name);
      if (existing) throw new Error(`Permission ${definition.name} is defined by both ${existing.module} and ${module}`);
      this.#definitions.set(definition.name, { ...definition, module });
    }
  }

  has(name: string): boolean {
    return this.#definitions.has(name);
  }

  all(): (PermissionDefinition & { module: string })[] {
    return [...this.#definitions.values()].sort((a, b) => a.name.localeCompare(b.name));
  }
}

/** True when the actor holds the permission (explicit grants only; anonymous and system hold none unless given). */
export function hasPermission(actor: Actor, permission: string): boolean {
  return actor.kind !== 'anonymous' && (actor.permissions?.includes(permission) ?? false);
}

/** True when the actor holds the permission for this organisational unit (its grant covers the unit's subtree). */
export function hasPermissionIn(actor: Actor, permission: string, unitId: string): boolean {
  if (!hasPermission(actor, permission)) return false;
  const scope = actor.scopes?.[permission] ?? actor.units ?? [];
  return scope.includes(unitId);
}
