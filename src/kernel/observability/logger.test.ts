// Log redaction: secrets and personal data never reach a log line, at any depth, while
// the fields that make logs useful are kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from './logger.ts';

/** A logger writing into an array of parsed JSON lines. */
function capture(level: 'info' | 'debug' = 'info') {
  const lines: Record<string, unknown>[] = [];
  const destination = {
    write: (chunk: string) => void lines.push(JSON.parse(chunk) as Record<string, unknown>),
  } as unknown as NodeJS.WritableStream;
  return { log: createLogger({ level, destination }), lines };
}

const SECRETS = { password: 'hunter2', token: 'tok-123', bsn: '123456782', lastName: 'Jansen', email: 'a.jansen@example.org' };

function assertRedacted(object: unknown, where: string): void {
  for (const key of Object.keys(SECRETS)) assert.equal((object as Record<string, unknown>)[key], '[redacted]', `${where}.${key}`);
}

// Proves: the log line is JSON with our level label, name and message.
test('logs are JSON lines with level, name and message', () => {
  const { log, lines } = capture();
  log.info({ caseId: 'c-1' }, 'case opened');
  log.debug('not at info');
  assert.equal(lines.length, 1);
  const [line] = lines;
  assert.equal(line?.level, 'info');
  assert.equal(line?.name, 'casus');
  assert.equal(line?.msg, 'case opened');
  assert.equal(line?.caseId, 'c-1');
  assert.equal(typeof line?.time, 'string');
});

// Proves: redacted fields are caught at the top level and nested 1, 2 and 3 levels deep, while
// ordinary fields beside them are kept.
test('secrets and personal data are redacted up to three levels deep', () => {
  const { log, lines } = capture();
  log.info({
    ...SECRETS,
    status: 'open',
    person: { ...SECRETS, id: 'p-1', client: { ...SECRETS, role: 'victim', contact: { ...SECRETS, channel: 'phone-call' } } },
    persons: [{ ...SECRETS, id: 'p-3' }],
  });
  type Fields = Record<string, unknown>;
  const line = lines[0] as Fields & { person: Fields & { client: Fields & { contact: Fields } }; persons: Fields[] };
  assertRedacted(line, 'top');
  assertRedacted(line.person, 'person');
  assertRedacted(line.person.client, 'person.client');
  assertRedacted(line.person.client.contact, 'person.client.contact');
  assert.equal(line.status, 'open');
  assert.equal(line.person.id, 'p-1');
  assert.equal(line.person.client.role, 'victim');
  assert.equal(line.person.client.contact.channel, 'phone-call');
  // Array elements count as a level (the wildcard matches indices).
  const [listed] = line.persons;
  assertRedacted(listed, 'persons[0]');
  assert.equal(listed?.id, 'p-3');
  // No redacted value survives anywhere in the serialised line.
  const text = JSON.stringify(line);
  for (const value of Object.values(SECRETS)) assert.equal(text.includes(value), false, value);
});

// Proves: child loggers (per module, per request) redact the same way.
test('child loggers redact too', () => {
  const { log, lines } = capture();
  log.child({ module: 'persons' }).info({ person: { bsn: '123456782', id: 'p-2' } }, 'person created');
  assert.equal((lines[0]?.person as Record<string, unknown>).bsn, '[redacted]');
  assert.equal((lines[0]?.person as Record<string, unknown>).id, 'p-2');
  assert.equal(lines[0]?.module, 'persons');
});

// Proves: credentials in request headers never reach the access log; other headers are kept.
test('authorization and cookie headers are redacted', () => {
  const { log, lines } = capture();
  log.info({
    req: {
      method: 'GET',
      url: '/api/v1',
      headers: { authorization: 'Bearer abc.def', cookie: 'casus_session=s3cret', 'x-api-key': 'k-1', accept: 'application/json' },
    },
    res: { statusCode: 200, headers: { 'set-cookie': 'casus_session=s3cret' } },
  });
  const req = lines[0]?.req as { method: string; headers: Record<string, unknown> };
  const res = lines[0]?.res as { headers: Record<string, unknown> };
  assert.equal(req.headers.authorization, '[redacted]');
  assert.equal(req.headers.cookie, '[redacted]');
  assert.equal(req.headers['x-api-key'], '[redacted]');
  assert.equal(res.headers['set-cookie'], '[redacted]');
  assert.equal(req.headers.accept, 'application/json');
  assert.equal(req.method, 'GET');
});

// Proves: an error's message and stack survive (they are how operators find problems), and the
// 'silent' level writes nothing.
test('errors are serialised and silent writes nothing', () => {
  const { log, lines } = capture();
  log.error({ err: new Error('database unreachable') }, 'request failed');
  assert.equal((lines[0]?.err as { message: string }).message, 'database unreachable');
  assert.match((lines[0]?.err as { stack: string }).stack, /database unreachable/);

  const silent: Record<string, unknown>[] = [];
  const destination = {
    write: (chunk: string) => void silent.push(JSON.parse(chunk) as Record<string, unknown>),
  } as unknown as NodeJS.WritableStream;
  createLogger({ level: 'silent', destination }).error({ password: 'x' }, 'nothing');
  assert.deepEqual(silent, []);
});

// Proves: redaction has no depth cut-off within reason and ignores the case of field names, while
// class instances (here a Map and a Buffer) are left to pino's serializers untouched.
test('redaction reaches deep nesting and is case-insensitive', () => {
  const { log, lines } = capture();
  log.info({ a: { b: { c: { d: { e: { f: { password: 'deep-secret', Authorization: 'Bearer x', BSN: '123456782', kept: 'yes' } } } } } } });
  const text = JSON.stringify(lines[0]);
  for (const leaked of ['deep-secret', 'Bearer x', '123456782']) assert.equal(text.includes(leaked), false, leaked);
  assert.equal(text.includes('"kept":"yes"'), true);
  const original = { when: new Date(0), email: 'x@example.org' };
  log.info({ original });
  assert.equal(original.email, 'x@example.org', 'the caller’s object is not modified');
  assert.equal((lines[1]?.original as Record<string, unknown>).email, '[redacted]');
});
