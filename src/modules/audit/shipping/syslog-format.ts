// Audit events as RFC 5424 syslog messages, framed for a stream transport by octet counting
// (RFC 5425 §4.3, RFC 6587 §3.4.1): "<length> <message>".
//
//   <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [SD-ID name="value" ...] BOM MSG
//
// PRI is facility * 8 + severity (security events and refusals are warnings, failures notices, the rest
// informational). MSGID is `audit` or `security`. One structured-data element (its SD-ID carries an
// enterprise number, CASUS_AUDIT_SYSLOG_SD_ID) holds the event's fields; MSG is a readable summary.
// Messages stay well under the 2048 octets every RFC 5425 receiver must accept.
import type { ShippedEvent } from './shipped-event.ts';
import { summaryOf } from './shipped-event.ts';

export interface SyslogFormat {
  facility: number;
  sdId: string;
  hostname: string;
  appName: string;
}

const BOM = '\u{FEFF}';
/** RFC 5424 header fields are PRINTUSASCII (33-126) with a maximum length, or "-" (NILVALUE). */
function headerField(value: string | null | undefined, max: number): string {
  const clean = (value ?? '').replace(/[^\x21-\x7e]/g, '').slice(0, max);
  return clean === '' ? '-' : clean;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u001f\u007f]/g;
const SPECIAL = /["\\\]]/;
const SPECIALS = /["\\\]]/g;

/** Text without control characters (they have no place in a log line), at most `max` characters. */
function plainText(value: string, max: number): string {
  const clean = CONTROL.test(value) ? value.replace(CONTROLS, ' ') : value;
  // Cut by code points, never between the halves of a surrogate pair.
  return clean.length <= max ? clean : [...clean].slice(0, max).join('');
}

/** PARAM-VALUE (§6.3.3): UTF-8 with '"', '\' and ']' escaped. */
export function paramValue(value: string, max = 256): string {
  const text = plainText(value, max);
  return SPECIAL.test(text) ? text.replace(SPECIALS, (c) => `\\${c}`) : text;
}

export function priOf(facility: number, severity: number): number {
  return facility * 8 + severity;
}

/** The event's fields as SD-PARAMs, in a fixed order; absent values are left out. */
function parameters(event: ShippedEvent): [string, string][] {
  const params: [string, string | null][] = [
    ['event', event.id],
    ['leaf', event.leafIndex],
    ['action', event.action],
    ['result', event.result],
    ['category', event.category],
    ['security', event.securityEvent ? 'true' : null],
    ['unit', event.unitId],
    ['actorKind', event.actorKind],
    ['actor', event.actorId],
    ['objectType', event.objectType],
    ['object', event.object],
    ['objects', event.objectCount > 1 ? String(event.objectCount) : null],
    ['subject', event.subject],
    ['subjects', event.subjects.length > 1 ? String(event.subjects.length) : null],
    ['changed', event.changedFields.length > 0 ? event.changedFields.join(',') : null],
    ['ip', event.originIp],
    ['userAgent', event.userAgent],
    ['request', event.requestId],
    ['trace', event.traceId],
  ];
  return params.filter((p): p is [string, string] => p[1] !== null && p[1] !== '');
}

export function syslogMessage(event: ShippedEvent, format: SyslogFormat): string {
  const header = [
    `<${priOf(format.facility, event.severity)}>1`,
    event.occurredAt.toISOString(),
    headerField(format.hostname, 255),
    headerField(format.appName, 48),
    '-',
    event.securityEvent ? 'security' : 'audit',
  ].join(' ');
  const sd = `[${format.sdId}${parameters(event)
    .map(([name, value]) => ` ${name}="${paramValue(value, name === 'userAgent' || name === 'changed' ? 200 : 256)}"`)
    .join('')}]`;
  return `${header} ${sd} ${BOM}${plainText(summaryOf(event), 512)}`;
}

/** Octet-counting frames: the message's length in octets, a space, the message. */
export function octetFrames(messages: string[]): Buffer {
  return Buffer.concat(
    messages.flatMap((message) => {
      const bytes = Buffer.from(message, 'utf8');
      return [Buffer.from(`${bytes.length} `, 'ascii'), bytes];
    }),
  );
}
