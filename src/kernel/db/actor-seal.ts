// The application's half of the sealed actor (see migrations/0006_sealed_actor.ts): the same text,
// HMAC-SHA256 with the database's actor key, which the server reads once at start-up as the owner.
import { createHmac } from 'node:crypto';
import type { Actor } from '../auth/actor.ts';
import { queryOnce } from './client.ts';

export interface ActorSettings {
  kind: string;
  id: string;
  permissions: string;
  units: string;
}

export function actorSettings(actor: Actor): ActorSettings {
  return { kind: actor.kind, id: actor.id ?? '', permissions: (actor.permissions ?? []).join(','), units: (actor.units ?? []).join(',') };
}

export function sealActor(key: Buffer, settings: ActorSettings): string {
  const fields = [settings.kind, settings.id, settings.permissions, settings.units];
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
