// RFC 5424 messages of audit events: a header a receiver can parse (PRI from the facility and the
// event's severity), one structured-data element with the event's fields escaped as §6.3.3 says,
// octet-counting frames that count octets (not characters), and no person's id anywhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createKeyRing } from '../../../kernel/crypto/keyring.ts';
import { sealedEvent } from '../../../../test/helpers/sealed-events.ts';
import { subjectPseudonyms } from './pseudonym.ts';
import { shippedEventOf } from './shipped-event.ts';
import { octetFrames, paramValue, syslogMessage } from './syslog-format.ts';

const pseudonyms = subjectPseudonyms(
  createKeyRing({ keys: [{ id: 'k1', key: Buffer.alloc(32, 1) }], activeKeyId: 'k1', blindIndexKey: Buffer.alloc(32, 2) }),
);
const format = { facility: 13, sdId: 'casus@32473', hostname: 'app-1.example.nl', appName: 'casus' };

/** RFC 5424 §6 as a pattern: PRI VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD [MSG]. */
const SYSLOG = /^<(\d{1,3})>1 (\S+) (\S{1,255}) (\S{1,48}) (\S{1,128}) (\S{1,32}) (\[.*\]|-)(?: (.*))?$/s;
/** SD-PARAMs of one element: name="value" with \" \\ \] escapes. */
const PARAM = / ([^= \]"]{1,32})="((?:[^"\\\]]|\\["\\\]])*)"/g;

function parse(message: string) {
  const m = SYSLOG.exec(message);
  assert.ok(m, `not RFC 5424: ${message}`);
  const [, pri, timestamp, hostname, appName, procId, msgId, sd, msg] = m;
  const element = /^\[([^ \]]+)((?: [^=]+="(?:[^"\\\]]|\\.)*")*)\]$/.exec(sd!);
  assert.ok(element, `structured data: ${sd}`);
  const params = Object.fromEntries([...element[2]!.matchAll(PARAM)].map((p) => [p[1]!, p[2]!.replace(/\\(["\\\]])/g, '$1')]));
  return { pri: Number(pri), timestamp, hostname, appName, procId, msgId, sdId: element[1], params, msg };
}

test('a person read: PRI audit.info, the header, the event in structured data, the subject as a pseudonym', () => {
  const event = sealedEvent();
  const message = syslogMessage(shippedEventOf(event, pseudonyms), format);
  const parsed = parse(message);
  assert.equal(parsed.pri, 13 * 8 + 6);
  assert.equal(parsed.timestamp, '2026-03-04T10:11:12.345Z');
  assert.deepEqual(
    [parsed.hostname, parsed.appName, parsed.procId, parsed.msgId, parsed.sdId],
    ['app-1.example.nl', 'casus', '-', 'audit', 'casus@32473'],
  );
  const subject = pseudonyms.of(event.dataSubjectId!);
  assert.deepEqual(parsed.params, {
    event: event.id,
    leaf: event.leafIndex,
    action: 'person.read',
    result: 'success',
    category: 'access',
    actorKind: 'user',
    actor: event.actorId,
    objectType: 'person',
    object: subject,
    subject,
    ip: '192.0.2.10',
    userAgent: 'Mozilla/5.0 (test)',
    request: event.requestId,
    trace: event.traceId,
  });
  assert.ok(parsed.msg!.startsWith('\u{FEFF}person.read success by user '), parsed.msg);
  assert.ok(!message.includes(event.dataSubjectId!), 'the person id never leaves');
});

test('severity: security events and refusals are warnings, a refused security event an error, failures notices', () => {
  const pri = (overrides: Parameters<typeof sealedEvent>[0]) =>
    parse(syslogMessage(shippedEventOf(sealedEvent(overrides), pseudonyms), format)).pri;
  assert.equal(pri({ result: 'denied' }), 13 * 8 + 4);
  assert.equal(pri({ result: 'failure' }), 13 * 8 + 5);
  assert.equal(pri({ action: 'case.break-glass', details: { securityEvent: true, unitId: 'u1' } }), 13 * 8 + 4);
  assert.equal(pri({ action: 'case.break-glass', result: 'denied', details: { securityEvent: true } }), 13 * 8 + 3);
  const security = parse(
    syslogMessage(shippedEventOf(sealedEvent({ details: { securityEvent: true, unitId: 'u1' } }), pseudonyms), format),
  );
  assert.equal(security.msgId, 'security');
  assert.equal(security.params.security, 'true');
  assert.equal(security.params.unit, 'u1');
});

test('a list read names how many it showed, the persons only as pseudonyms, no reason and no details', () => {
  const persons = [randomUUID(), randomUUID(), randomUUID()];
  const event = sealedEvent({
    action: 'case.list',
    objectType: 'case',
    objectId: null,
    dataSubjectId: null,
    objectIds: [randomUUID(), randomUUID()],
    dataSubjectIds: persons,
    reason: 'looking for Jan Jansen',
    details: { personId: persons[0], count: 2 },
  });
  const message = syslogMessage(shippedEventOf(event, pseudonyms), format);
  const { params } = parse(message);
  assert.equal(params.objects, '2');
  assert.equal(params.subjects, '3');
  assert.equal(params.subject, undefined, 'several subjects: none is "the" subject');
  for (const id of persons) assert.ok(!message.includes(id));
  assert.ok(!message.includes('Jan Jansen'), 'the free-text reason stays in Casus');
});

test('values are escaped and stripped of control characters; header fields are printable ASCII', () => {
  assert.equal(paramValue('a"b\\c]d'), 'a\\"b\\\\c\\]d');
  assert.equal(paramValue('line\nbreak\u0000'), 'line break ');
  const event = sealedEvent({ userAgent: 'evil"] [injected x="1"]\r\nnext', changedFields: ['name', 'address'] });
  const message = syslogMessage(shippedEventOf(event, pseudonyms), { ...format, hostname: 'host name\n' });
  const parsed = parse(message);
  assert.equal(parsed.hostname, 'hostname');
  assert.equal(parsed.params.userAgent, 'evil"] [injected x="1"]  next');
  assert.equal(parsed.params.changed, 'name,address');
  assert.ok(!message.includes('\n'));
});

test('octet counting counts octets: a frame is "<bytes> <message>"', () => {
  const frames = octetFrames(['abc', 'é€']);
  assert.equal(frames.toString('utf8'), '3 abc5 é€');
  const message = syslogMessage(shippedEventOf(sealedEvent(), pseudonyms), format);
  const framed = octetFrames([message]).toString('utf8');
  const space = framed.indexOf(' ');
  assert.equal(Number(framed.slice(0, space)), Buffer.byteLength(message));
  assert.ok(Buffer.byteLength(message) < 2048, 'every RFC 5425 receiver takes 2048 octets');
});
