// Syslog over TLS against a real TLS receiver on 127.0.0.1 (node:tls, certificates from a throwaway
// CA): a batch counts as delivered only when the receiver read it to the end and closed in order; a
// receiver we must not trust (another CA, another name), one that refuses our client certificate, one
// that never closes and one that is not there all leave the batch unacknowledged.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { createServer, type TLSSocket } from 'node:tls';
import type { SyslogSettings } from '../../../kernel/config-audit.ts';
import { createKeyRing } from '../../../kernel/crypto/keyring.ts';
import { freeLoopbackPort } from '../../../kernel/db/embedded.ts';
import type { Tx } from '../../../kernel/db/database.ts';
import { sealedEvent } from '../../../../test/helpers/sealed-events.ts';
import { makeCertificates, type Pem } from '../../../../test/helpers/tls-certificates.ts';
import { subjectPseudonyms } from './pseudonym.ts';
import { DeliveryError } from './sink.ts';
import { SyslogSink } from './syslog-sink.ts';

const certs = makeCertificates();
after(() => certs.cleanup());
const pseudonyms = subjectPseudonyms(
  createKeyRing({ keys: [{ id: 'k1', key: Buffer.alloc(32, 1) }], activeKeyId: 'k1', blindIndexKey: Buffer.alloc(32, 2) }),
);
const noTx = null as unknown as Tx;

interface Receiver {
  port: number;
  messages: string[];
  connections: number;
  close(): Promise<void>;
}

/** Reads octet-counted frames ("<length> <message>") from a stream of bytes, as RFC 5425 receivers do. */
function frameReader(onMessage: (message: string) => void): (chunk: Buffer) => void {
  let buffer = Buffer.alloc(0);
  return (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const space = buffer.indexOf(0x20);
      if (space < 0) return;
      const length = Number(buffer.subarray(0, space).toString('ascii'));
      assert.ok(Number.isInteger(length) && length > 0, 'a frame starts with its length');
      if (buffer.length < space + 1 + length) return;
      onMessage(buffer.subarray(space + 1, space + 1 + length).toString('utf8'));
      buffer = buffer.subarray(space + 1 + length);
    }
  };
}

async function receiver(options: { server?: Pem; clientCertificates?: boolean; neverClose?: boolean } = {}): Promise<Receiver> {
  const server = options.server ?? certs.server;
  const state = { messages: [] as string[], connections: 0 };
  const sockets = new Set<TLSSocket>();
  const tls = createServer(
    {
      cert: server.cert,
      key: server.key,
      ca: certs.ca,
      requestCert: options.clientCertificates ?? false,
      rejectUnauthorized: options.clientCertificates ?? false,
      allowHalfOpen: options.neverClose ?? false,
    },
    (socket) => {
      state.connections += 1;
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
      socket.on(
        'data',
        frameReader((m) => state.messages.push(m)),
      );
    },
  );
  tls.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
  return {
    port: (tls.address() as AddressInfo).port,
    get messages() {
      return state.messages;
    },
    get connections() {
      return state.connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        tls.close(() => resolve());
      }),
  };
}

function settings(port: number, overrides: Partial<SyslogSettings> = {}): SyslogSettings {
  return {
    transport: 'tls',
    host: '127.0.0.1',
    port,
    caFile: certs.caFile,
    certFile: null,
    keyFile: null,
    facility: 13,
    sdId: 'casus@32473',
    hostname: 'app-1',
    ...overrides,
  };
}

const sink = (s: SyslogSettings, events: 'all' | 'security' = 'all') => new SyslogSink(s, { pseudonyms, events });
const timeout = (ms = 5000) => AbortSignal.timeout(ms);

// Proves: a batch over a verified TLS connection arrives whole and in order, and deliver() returns only then.
test('a batch arrives whole, in order, over TLS with the collector verified', async () => {
  const r = await receiver();
  const events = [sealedEvent(), sealedEvent({ result: 'denied' }), sealedEvent({ action: 'case.update', objectType: 'case' })];
  assert.equal(await sink(settings(r.port)).deliver(noTx, events, timeout()), 3);
  assert.equal(r.messages.length, 3, 'read by the receiver before deliver() returned');
  assert.deepEqual(
    r.messages.map((m) => /action="([^"]+)"/.exec(m)?.[1]),
    ['person.read', 'person.read', 'case.update'],
  );
  assert.equal(r.connections, 1, 'one connection per batch');
  await r.close();
});

// Proves: the collector's certificate must chain to the configured CA and name the host we connect to.
test('a collector with a certificate of another CA, or for another name, gets nothing', async () => {
  for (const server of [certs.rogueServer, certs.otherNameServer]) {
    const r = await receiver({ server });
    await assert.rejects(sink(settings(r.port)).deliver(noTx, [sealedEvent()], timeout()), DeliveryError);
    assert.equal(r.messages.length, 0);
    await r.close();
  }
});

// Proves: mutual TLS with our client certificate; without it the collector refuses and nothing counts as delivered.
test('mutual TLS: with our client certificate delivered, without it not acknowledged', async () => {
  const r = await receiver({ clientCertificates: true });
  const withCert = settings(r.port, { certFile: certs.client.certFile, keyFile: certs.client.keyFile });
  assert.equal(await sink(withCert).deliver(noTx, [sealedEvent()], timeout()), 1);
  assert.equal(r.messages.length, 1);
  await assert.rejects(sink(settings(r.port)).deliver(noTx, [sealedEvent()], timeout()), DeliveryError);
  assert.equal(r.messages.length, 1, 'the refused connection delivered nothing');
  await r.close();
});

// Proves: without the collector's orderly close there is no acknowledgement (it may not have read it all).
test('a collector that never closes its side: no acknowledgement within the timeout', async () => {
  const r = await receiver({ neverClose: true });
  await assert.rejects(sink(settings(r.port)).deliver(noTx, [sealedEvent()], timeout(800)), /no acknowledgement within the timeout/);
  await r.close();
});

// Proves: a collector that closes at once after the handshake (as a receiver refusing our certificate does) is a failure.
test('a collector that drops the connection right after the handshake: not acknowledged', async () => {
  const tls = createServer({ cert: certs.server.cert, key: certs.server.key }, (socket) => socket.end());
  await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
  const port = (tls.address() as AddressInfo).port;
  await assert.rejects(sink(settings(port)).deliver(noTx, [sealedEvent()], timeout()), /closed the connection before we sent/);
  await new Promise((resolve) => tls.close(resolve));
});

// Proves: nothing listening is a failure, not a silent success.
test('no collector: refused', async () => {
  const port = await freeLoopbackPort();
  await assert.rejects(sink(settings(port)).deliver(noTx, [sealedEvent()], timeout()), /ECONNREFUSED/);
});

// Proves: CASUS_AUDIT_SHIP_EVENTS=security sends only security events and refusals; a batch of none opens no connection.
test('only security events and refusals when so configured; nothing to send, no connection', async () => {
  const r = await receiver();
  const s = sink(settings(r.port), 'security');
  assert.equal(await s.deliver(noTx, [sealedEvent(), sealedEvent()], timeout()), 0);
  assert.equal(r.connections, 0);
  const sent = await s.deliver(
    noTx,
    [sealedEvent(), sealedEvent({ result: 'denied' }), sealedEvent({ details: { securityEvent: true } })],
    timeout(),
  );
  assert.equal(sent, 2);
  assert.equal(r.messages.length, 2);
  await r.close();
});

// Proves: plain TCP (loopback in production) frames the same and is acknowledged the same way.
test('plain TCP to a local relay', async () => {
  const messages: string[] = [];
  const server = createTcpServer((socket: Socket) =>
    socket.on(
      'data',
      frameReader((m) => messages.push(m)),
    ),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  assert.equal(await sink(settings(port, { transport: 'tcp', caFile: null })).deliver(noTx, [sealedEvent(), sealedEvent()], timeout()), 2);
  assert.equal(messages.length, 2);
  await new Promise((resolve) => server.close(resolve));
});
