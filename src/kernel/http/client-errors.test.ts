// Requests the HTTP server cannot even parse (garbage instead of HTTP, oversized headers) are answered
// before any route runs, by the server itself: they too must be problem+json, not Node's bare text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { build } from '../../../test/helpers/build.ts';

function rawExchange(port: number, payload: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let received = '';
    const socket = connect({ host: '127.0.0.1', port }, () => socket.write(payload));
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    socket.on('end', () => resolve(received));
    socket.on('close', () => resolve(received));
    socket.on('error', reject);
    socket.setTimeout(5000, () => socket.destroy(new Error('no answer within 5 s')));
  });
}

function parse(raw: string): { status: number; headers: string; body: Record<string, unknown> } {
  const [head = '', body = ''] = raw.split('\r\n\r\n');
  return {
    status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]),
    headers: head.toLowerCase(),
    body: JSON.parse(body) as Record<string, unknown>,
  };
}

test('unparseable HTTP and oversized headers get problem+json from the server itself', async (t) => {
  const system = await build(t, { listen: true });
  const port = Number(new URL(system.address!).port);

  const garbage = parse(await rawExchange(port, 'THIS IS NOT HTTP\r\n\r\n'));
  assert.equal(garbage.status, 400);
  assert.match(garbage.headers, /content-type: application\/problem\+json/);
  assert.match(garbage.headers, /cache-control: no-store/);
  assert.deepEqual(
    { type: garbage.body.type, status: garbage.body.status, title: garbage.body.title },
    { type: 'about:blank', status: 400, title: 'Bad Request' },
  );

  const huge = parse(await rawExchange(port, `GET /api/v1 HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`));
  assert.equal(huge.status, 431);
  assert.equal(huge.body.status, 431);
  assert.match(huge.headers, /content-type: application\/problem\+json/);

  // The server keeps serving afterwards.
  const ok = await fetch(`${system.address}/api/v1`);
  assert.equal(ok.status, 200);
});
