// Syslog over TLS (RFC 5425): RFC 5424 messages with octet-counting framing, the collector's
// certificate verified against the configured CA (or the system's roots) and its name, and our own
// client certificate when one is configured (mutual TLS).
//
// Syslog has no acknowledgement of its own (RELP exists because of it). What stands in for one: every
// batch goes over a connection of its own, we end our side after the last frame, and the batch counts
// as delivered only when the collector then closes its side in order, which it does after it has read
// up to our end; a connection that errs, resets or times out delivers nothing and the batch comes
// again. One check guards the case a plain close cannot tell apart: a collector that takes the
// handshake and then drops the connection because it refuses our client certificate (rsyslog's
// x509/certvalid does so after the handshake) closes before it could have read anything, so we wait a
// moment after the handshake (twice its duration, 25-500 ms) before sending, and a close in that
// moment is a failure. The cost is a handshake per batch (CASUS_AUDIT_SHIP_BATCH events), not per event.
import { readFile } from 'node:fs/promises';
import { isIP, connect as tcpConnect, type Socket } from 'node:net';
import { hostname as machineName } from 'node:os';
import { connect as tlsConnect } from 'node:tls';
import type { SyslogSettings } from '../../../kernel/config-audit.ts';
import type { Tx } from '../../../kernel/db/database.ts';
import type { SealedEvent } from '../stream/stream.repository.ts';
import type { SubjectPseudonyms } from './pseudonym.ts';
import { isShipped, shippedEventOf } from './shipped-event.ts';
import { mapInSlices } from './slices.ts';
import { DeliveryError, type Sink } from './sink.ts';
import { octetFrames, syslogMessage } from './syslog-format.ts';

export const SYSLOG_CONSUMER = 'ship-syslog';

export interface SyslogTarget {
  transport: 'tls' | 'tcp';
  host: string;
  port: number;
  ca: Buffer | null;
  cert: Buffer | null;
  key: Buffer | null;
}

/** The TLS files of the settings, read for each delivery so that renewed certificates apply without a restart. */
export async function syslogTarget(settings: SyslogSettings): Promise<SyslogTarget> {
  const read = (file: string | null) => (file ? readFile(file) : Promise.resolve(null));
  const [ca, cert, key] = await Promise.all([read(settings.caFile), read(settings.certFile), read(settings.keyFile)]);
  return { transport: settings.transport, host: settings.host, port: settings.port, ca, cert, key };
}

/**
 * Sends the frames over a new connection and resolves once the collector has closed its side after ours
 * (see the top of this file); rejects with a DeliveryError otherwise.
 */
export function sendFrames(target: SyslogTarget, payload: Buffer, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const where = `${target.transport}://${target.host}:${target.port}`;
    let socket: Socket;
    let settled = false;
    let sent = false;
    let peerEnded = false;
    const fail = (message: string, cause?: unknown) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      reject(new DeliveryError(`syslog ${where}: ${message}`, { cause }));
    };
    const onAbort = () => fail('no acknowledgement within the timeout');
    if (signal.aborted) return reject(new DeliveryError(`syslog ${where}: no acknowledgement within the timeout`));
    signal.addEventListener('abort', onAbort, { once: true });
    const started = Date.now();
    const send = () => {
      if (settled) return;
      sent = true;
      socket.end(payload);
    };
    const onConnected = () => {
      if (target.transport === 'tcp') return send();
      const settleMs = Math.min(500, Math.max(25, 2 * (Date.now() - started)));
      setTimeout(send, settleMs).unref();
    };
    if (target.transport === 'tls') {
      socket = tlsConnect(
        {
          host: target.host,
          port: target.port,
          // SNI takes names only; an address is still checked against the certificate's IP entries.
          ...(isIP(target.host) ? {} : { servername: target.host }),
          ...(target.ca ? { ca: target.ca } : {}),
          ...(target.cert && target.key ? { cert: target.cert, key: target.key } : {}),
          minVersion: 'TLSv1.2',
          rejectUnauthorized: true,
        },
        onConnected,
      );
    } else {
      socket = tcpConnect({ host: target.host, port: target.port }, onConnected);
    }
    socket.setNoDelay(true);
    socket.on('data', () => undefined);
    socket.on('error', (error) => fail(error.message, error));
    socket.on('end', () => {
      peerEnded = true;
      if (!sent) fail('the collector closed the connection before we sent (does it refuse our client certificate?)');
    });
    socket.on('close', (hadError) => {
      signal.removeEventListener('abort', onAbort);
      if (settled) return;
      if (hadError || !peerEnded || !sent) return fail('the connection closed without an orderly end from the collector');
      settled = true;
      resolve();
    });
  });
}

export interface SyslogSinkOptions {
  pseudonyms: SubjectPseudonyms;
  events: 'all' | 'security';
}

export class SyslogSink implements Sink {
  readonly consumer = SYSLOG_CONSUMER;
  readonly #settings: SyslogSettings;
  readonly #options: SyslogSinkOptions;
  readonly #hostname: string;

  constructor(settings: SyslogSettings, options: SyslogSinkOptions) {
    this.#settings = settings;
    this.#options = options;
    this.#hostname = settings.hostname ?? machineName();
  }

  async deliver(_tx: Tx, events: SealedEvent[], signal: AbortSignal): Promise<number> {
    const chosen = events.filter((e) => isShipped(e, this.#options.events));
    if (chosen.length === 0) return 0;
    const format = { facility: this.#settings.facility, sdId: this.#settings.sdId, hostname: this.#hostname, appName: 'casus' };
    const messages = await mapInSlices(chosen, (e) => syslogMessage(shippedEventOf(e, this.#options.pseudonyms), format));
    await sendFrames(await syslogTarget(this.#settings), octetFrames(messages), signal);
    return messages.length;
  }
}
