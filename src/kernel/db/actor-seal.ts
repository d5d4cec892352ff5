// The application's half of the sealed actor (kernel migrations 0006, 0007 and 0012): the same text,
// HMAC-SHA256 with the database's actor key, which the server reads once at start-up as the owner. The
// text ends with the nonce of the connection (driver.ts), so a seal holds for one transaction only.
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
    const key = scope
      .map((u) => {
        const i = index.get(u);
        if (i === undefined) throw new Error(`Scope of ${permission} names unit ${u}, which is not in the actor's units`);
        return i;
      })
      .sort((a, b) => a - b)
      .join('.');
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

/** Everything the seal covers: the actor, and where the request came from (the audit trail takes these). */
export interface SealedFields extends ActorSettings {
  requestId: string;
  traceId: string;
  originIp: string;
  userAgent: string;
}

/**
 * The sealed fields in the order the seal covers them, with the setting each is carried in. The SQL
 * half (kernel migration 0012, casus_actor_sealed) joins the same settings in the same order with
 * '|' and appends the connection's nonce (currval of casus_actor_nonce).
 */
export const SEAL_FIELDS: readonly (readonly [keyof SealedFields, string])[] = [
  ['kind', 'casus.actor_kind'],
  ['id', 'casus.actor_id'],
  ['permissions', 'casus.actor_permissions'],
  ['units', 'casus.actor_units'],
  ['scopes', 'casus.actor_scopes'],
  ['requestId', 'casus.request_id'],
  ['traceId', 'casus.trace_id'],
  ['originIp', 'casus.origin_ip'],
  ['userAgent', 'casus.user_agent'],
];

/** HMAC-SHA256 over the fields and the nonce of the connection the transaction runs on. */
export function sealActor(key: Buffer, fields: SealedFields, nonce: string): string {
  const values = SEAL_FIELDS.map(([name]) => fields[name]);
  // '|' separates the fields: inside one it could make two different actors seal alike.
  if (values.some((f) => f.includes('|'))) throw new Error('Sealed fields must not contain "|"');
  return createHmac('sha256', key)
    .update(`${values.join('|')}|${nonce}`)
    .digest('hex');
}

export async function loadActorKey(ownerUrl: string): Promise<Buffer> {
  const result = await queryOnce<{ key: Buffer }>(ownerUrl, 'select key from casus_actor_key');
  const key = result.rows[0]?.key;
  if (!key) throw new Error('The actor key is missing: run `casus migrate up`');
  return key;
}
