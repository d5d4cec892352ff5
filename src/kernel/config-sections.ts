// The settings sections that read several variables together (encryption keys, documents, working
// days): parsed and checked here so config.ts stays about the environment as a whole.
import path from 'node:path';
import { isCalendarDay, type WorkingCalendar } from './calendar/working-days.ts';
import { KEY_ID_PATTERN } from './crypto/keyring.ts';
import { KNOWN_DOCUMENT_TYPES, normaliseType } from './blobs/content-types.ts';
import { ConfigError } from './config-error.ts';
import type { RawEnv } from './config.ts';

export interface BlobSettings {
  /** CASUS_BLOB_DIR, or <CASUS_DATA_DIR>/blobs: the blobs themselves, or with S3 only the upload spool (tmp/). */
  dir: string;
  /** Null: blobs are files under `dir`. */
  s3: { endpoint: string; bucket: string; region: string; accessKeyId: string; secretAccessKey: string; pathStyle: boolean } | null;
  /** Largest document accepted, checked while it streams in. */
  maxBytes: number;
  /** Canonical MIME types accepted (a subset of what the sniffer recognises). */
  allowedTypes: string[];
  /** Null: no virus scan. */
  clamd: { url: string; onError: 'reject' | 'accept'; timeoutMs: number } | null;
}

export interface EncryptionSettings {
  /** Data keys by id, each exactly 32 bytes; old keys stay listed until no row uses them. */
  keys: { id: string; key: Buffer }[];
  activeKeyId: string;
  /** HMAC key of the blind indexes (at least 32 bytes); changing it means recomputing every index. */
  blindIndexKey: Buffer;
}

const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * The key ring settings, all three or none. A malformed value is refused in every environment; the
 * messages name entries by position and id, never by their key material.
 */
export function parseEncryption(raw: RawEnv): EncryptionSettings | null {
  const { CASUS_ENCRYPTION_KEYS: list, CASUS_ENCRYPTION_ACTIVE_KEY: active, CASUS_BLIND_INDEX_KEY: index } = raw;
  if (list === undefined && active === undefined && index === undefined) return null;
  if (list === undefined || active === undefined || index === undefined) {
    throw new ConfigError(['CASUS_ENCRYPTION_KEYS, CASUS_ENCRYPTION_ACTIVE_KEY and CASUS_BLIND_INDEX_KEY must be set together']);
  }
  const reasons: string[] = [];
  const keys: { id: string; key: Buffer }[] = [];
  const named = new Set<string>();
  list
    .split(',')
    .map((s) => s.trim())
    .forEach((entry, i) => {
      const colon = entry.indexOf(':');
      const id = colon > 0 ? entry.slice(0, colon) : '';
      const material = colon > 0 ? entry.slice(colon + 1).trim() : '';
      if (!KEY_ID_PATTERN.test(id) || !BASE64.test(material)) {
        reasons.push(`CASUS_ENCRYPTION_KEYS: entry ${i + 1} is not <id>:<base64 key> with an id of 1-32 of A-Z a-z 0-9 . _ -`);
        return;
      }
      named.add(id);
      // Node's base64 decoder reads the URL-safe alphabet too.
      const key = Buffer.from(material, 'base64');
      if (key.length !== 32)
        reasons.push(
          `CASUS_ENCRYPTION_KEYS: key ${id} is ${key.length} bytes once decoded; each key must be exactly 32 (\`openssl rand -base64 32\`)`,
        );
      else if (keys.some((k) => k.id === id)) reasons.push(`CASUS_ENCRYPTION_KEYS: key id ${id} appears twice`);
      else if (keys.some((k) => k.key.equals(key)))
        reasons.push(
          `CASUS_ENCRYPTION_KEYS: key ${id} repeats the key of ${keys.find((k) => k.key.equals(key))!.id}; every key must be new`,
        );
      else keys.push({ id, key });
    });
  if (!named.has(active)) {
    // Only a well-formed id is echoed: a key pasted here by mistake must not reach the console.
    const shown = KEY_ID_PATTERN.test(active) ? `=${active}` : '';
    reasons.push(`CASUS_ENCRYPTION_ACTIVE_KEY${shown} is not one of the ids in CASUS_ENCRYPTION_KEYS`);
  }
  const blindIndexKey = BASE64.test(index.trim()) ? Buffer.from(index.trim(), 'base64') : Buffer.alloc(0);
  if (blindIndexKey.length < 32) {
    reasons.push('CASUS_BLIND_INDEX_KEY must be base64 of at least 32 bytes (`openssl rand -base64 32`)');
  } else {
    const same = keys.find((k) => k.key.equals(blindIndexKey));
    if (same) reasons.push(`CASUS_BLIND_INDEX_KEY equals encryption key ${same.id}: the blind index key must be a separate key`);
  }
  if (reasons.length > 0) throw new ConfigError(reasons);
  return { keys, activeKeyId: active, blindIndexKey };
}

export function calendarOf(raw: RawEnv): WorkingCalendar {
  const days = (raw.CASUS_CALENDAR_EXTRA_CLOSED_DAYS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = days.filter((d) => !isCalendarDay(d));
  if (bad.length > 0)
    throw new ConfigError([`CASUS_CALENDAR_EXTRA_CLOSED_DAYS holds entries that are not dates (YYYY-MM-DD, 2000-2100): ${bad.join(', ')}`]);
  // Frozen: the calendar functions cache per calendar object.
  return Object.freeze({
    goodFriday: raw.CASUS_CALENDAR_GOOD_FRIDAY,
    liberationDay: raw.CASUS_CALENDAR_LIBERATION_DAY,
    extraClosedDays: Object.freeze([...new Set(days)].sort()),
  });
}

export function blobsOf(raw: RawEnv, nonProduction: boolean): BlobSettings {
  const reasons: string[] = [];
  const s3Given = [raw.CASUS_BLOB_S3_BUCKET, raw.CASUS_BLOB_S3_ACCESS_KEY_ID, raw.CASUS_BLOB_S3_SECRET_ACCESS_KEY].some(
    (v) => v !== undefined,
  );
  let s3: BlobSettings['s3'] = null;
  if (raw.CASUS_BLOB_S3_ENDPOINT !== undefined) {
    const {
      CASUS_BLOB_S3_BUCKET: bucket,
      CASUS_BLOB_S3_ACCESS_KEY_ID: accessKeyId,
      CASUS_BLOB_S3_SECRET_ACCESS_KEY: secretAccessKey,
    } = raw;
    if (!bucket || !accessKeyId || !secretAccessKey) {
      reasons.push('CASUS_BLOB_S3_ENDPOINT needs CASUS_BLOB_S3_BUCKET, CASUS_BLOB_S3_ACCESS_KEY_ID and CASUS_BLOB_S3_SECRET_ACCESS_KEY');
    } else {
      s3 = {
        endpoint: raw.CASUS_BLOB_S3_ENDPOINT,
        bucket,
        region: raw.CASUS_BLOB_S3_REGION,
        accessKeyId,
        secretAccessKey,
        pathStyle: raw.CASUS_BLOB_S3_PATH_STYLE,
      };
    }
  } else if (s3Given) {
    reasons.push(
      'CASUS_BLOB_S3_BUCKET and its credentials are set without CASUS_BLOB_S3_ENDPOINT: set the endpoint to store documents in S3',
    );
  }
  let allowedTypes = [...KNOWN_DOCUMENT_TYPES];
  if (raw.CASUS_DOCUMENT_ALLOWED_TYPES !== undefined) {
    allowedTypes = [
      ...new Set(
        raw.CASUS_DOCUMENT_ALLOWED_TYPES.split(',')
          .map((t) => normaliseType(t))
          .filter(Boolean),
      ),
    ];
    const unknown = allowedTypes.filter((t) => !KNOWN_DOCUMENT_TYPES.includes(t));
    if (unknown.length > 0)
      reasons.push(
        `CASUS_DOCUMENT_ALLOWED_TYPES holds types Casus cannot recognise from their content: ${unknown.join(', ')} (known: ${KNOWN_DOCUMENT_TYPES.join(', ')})`,
      );
    if (allowedTypes.length === 0)
      reasons.push('CASUS_DOCUMENT_ALLOWED_TYPES is empty: name at least one type, or leave it unset for all known types');
  }
  if (reasons.length > 0) throw new ConfigError(reasons);
  return {
    dir: path.resolve(raw.CASUS_BLOB_DIR ?? path.join(raw.CASUS_DATA_DIR, 'blobs')),
    s3,
    maxBytes: raw.CASUS_DOCUMENT_MAX_BYTES,
    allowedTypes,
    // A scanner that is down must not let unchecked files in where it matters; locally it should not block work.
    clamd: raw.CASUS_CLAMD_URL
      ? {
          url: raw.CASUS_CLAMD_URL,
          onError: raw.CASUS_CLAMD_ON_ERROR ?? (nonProduction ? 'accept' : 'reject'),
          timeoutMs: raw.CASUS_CLAMD_TIMEOUT_MS,
        }
      : null,
  };
}
