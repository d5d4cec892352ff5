// The application's half of the sealed actor (see migrations/0006_sealed_actor.ts and 0007): the same
// text, HMAC-SHA256 with the database's actor key, which the server reads once at start-up as the owner.
import { createHmac } from 'node:crypto';
import type { Actor } from '../auth/actor.ts';
import { queryOnce } from './client.ts';

export interface ActorSettings {
  kind: string;
  id: string;
  permissions: string;
  units: string;
  /** Which units each permission holds in, compactly (see encodeScopes). */
  scopes: string;
}

/**
 * Scopes as text that stays small for a national administrator (every permission in every unit):
 * groups of permissions sharing one unit set, `perm perm=0.1.2;perm=3`, where the numbers index
 * into the units list. The SQL function casus_actor_units(permission) decodes it.
 */
export function encodeScopes(actor: Actor): string {
  const units = actor.units ?? [];
  if (!actor.scopes) return '';
  const index = new Map(units.map((u, i) => [u, i]));
  const groups = new Map<string, string[]>();
  for (const permission of actor.permissions ?? []) {
    const scope = actor.scopes[permission] ?? units;
    const key = scope.map((u) => {
      const i = index.get(u);
      if (i === undefined) throw new Error(`Scope of ${permission} names unit ${u}, which is not in the actor's units`);
      return i;
    }).sort((a, b) => a - b).join('.');
    groups.set(key, [...(groups.get(key) ?? []), permission]);
  }
  return [...groups].map(([key, permissions]) => `${permissions.join(' ')}=${key}`).join(';');
}

export function actorSettings(actor: Actor): ActorSettings {
  return {
    kind: actor.kind,
    id: actor.id ?? '',
    permissions: (actor.permissions ?? []).join(','),
    units: (actor.units ?? []).join(','),
    scopes: encodeScopes(actor),
  };
}

export function sealActor(key: Buffer, settings: ActorSettings): string {
  const fields = [settings.kind, settings.id, settings.permissions, settings.units, settings.scopes];
  // '|' separates the fields: inside one it could make two different actors seal alike.
  if (fields.some((f) => f.includes('|'))) throw new Error('Actor ids, permissions and units must not contain "|"');
  return createHmac('sha256', key).update(fields.join('|')).digest('hex');
}

export async function loadActorKey(ownerUrl: string): Promise<Buffer> {
  const result = await queryOnce<{ key: Buffer }>(ownerUrl, 'select key from casus_actor_key');
  const key = result.rows[0]?.key;
  if (!key) throw new Error('The actor key is missing: run `casus migrate up`');
  return key;
}
