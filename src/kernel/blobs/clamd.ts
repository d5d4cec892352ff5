// Virus scanning by clamd while a document streams in: this Transform passes the plaintext on unchanged
// and sends a copy to clamd with INSTREAM (`zINSTREAM\0`, then chunks of <u32 BE length><bytes>, then a
// zero length; clamd answers `stream: OK` or `stream: <signature> FOUND`, NUL-terminated). The verdict
// is known when the stream ends, before the blob is committed, so the store can put a hit in
// quarantine. Backpressure from clamd slows the upload instead of buffering it.
// When clamd cannot be reached or answers with an error (including its StreamMaxLength being smaller
// than the document), `onError` decides: `reject` fails the upload with 503, `accept` stores it marked
// unscanned. Plaintext travels to clamd unencrypted: keep clamd on loopback, a Unix socket, or a
// private network segment.
import net from 'node:net';
import { Transform, type TransformCallback } from 'node:stream';
import { AppError } from '../errors.ts';

export interface ClamdSettings {
  /** `tcp://host:3310` or `unix:/run/clamav/clamd.ctl`. */
  url: string;
  onError: 'reject' | 'accept';
  /** Connecting, each write, and waiting for the verdict after the last byte, each at most this long. */
  timeoutMs: number;
}

export type ScanVerdict =
  | { status: 'clean' }
  | { status: 'infected'; signature: string }
  /** Only with onError=accept: clamd could not give a verdict. The reason is for logs, not for users. */
  | { status: 'unscanned'; reason: string };

export function scannerUnavailable(cause: unknown): AppError {
  return new AppError({
    status: 503,
    code: 'virus-scanner-unavailable',
    title: 'Virus scanner unavailable',
    detail: 'The document could not be checked for viruses and was not stored. Try again later.',
    cause,
  });
}

export function clamdAddress(url: string): net.NetConnectOpts {
  if (url.startsWith('unix:')) return { path: url.slice('unix:'.length).replace(/^\/\/(?=\/)/, '') };
  const parsed = new URL(url);
  if (parsed.protocol !== 'tcp:' || !parsed.hostname) throw new Error(`CASUS_CLAMD_URL must be tcp://host:port or unix:/path, not ${url}`);
  return { host: parsed.hostname.replace(/^\[|\]$/g, ''), port: Number(parsed.port || 3310) };
}

/** One INSTREAM scan of the bytes flowing through; read `verdict` after the stream has finished. */
export class ClamdScan extends Transform {
  readonly #settings: ClamdSettings;
  #socket: net.Socket | null = null;
  #reply = '';
  #replied: Promise<string> | null = null;
  #problem: Error | null = null;
  verdict: ScanVerdict | null = null;

  constructor(settings: ClamdSettings) {
    super();
    this.#settings = settings;
  }

  override _construct(callback: (error?: Error | null) => void): void {
    let socket: net.Socket;
    try {
      socket = net.connect(clamdAddress(this.#settings.url));
    } catch (error) {
      return this.#give(error as Error, callback);
    }
    this.#socket = socket;
    socket.setTimeout(this.#settings.timeoutMs);
    this.#replied = new Promise<string>((resolve, reject) => {
      socket.on('data', (data: Buffer) => {
        this.#reply += data.toString('utf8');
        if (this.#reply.includes('\0')) resolve(this.#reply.slice(0, this.#reply.indexOf('\0')));
      });
      socket.on('end', () => resolve(this.#reply));
      socket.on('timeout', () => socket.destroy(new Error(`clamd did not answer within ${this.#settings.timeoutMs} ms`)));
      socket.on('error', (error) => {
        this.#problem ??= error;
        reject(error);
      });
      socket.on('close', () => reject(this.#problem ?? new Error('clamd closed the connection')));
    });
    this.#replied.catch(() => undefined); // observed in _flush; never an unhandled rejection
    const connected = () => {
      socket.off('error', failed);
      socket.write('zINSTREAM\0');
      callback();
    };
    const failed = (error: Error) => {
      socket.off('connect', connected);
      this.#socket = null;
      this.#give(error, callback);
    };
    socket.once('connect', connected);
    socket.once('error', failed);
  }

  /** Applies the onError policy: fail the stream, or carry on without scanning. */
  #give(error: Error, callback: (error?: Error | null) => void): void {
    this.#socket?.destroy();
    this.#socket = null;
    if (this.#settings.onError === 'reject') return callback(scannerUnavailable(error));
    this.verdict = { status: 'unscanned', reason: error.message };
    callback();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.push(chunk);
    const socket = this.#socket;
    if (!socket) return callback();
    if (this.#problem || this.#reply !== '') {
      return this.#give(this.#problem ?? new Error(`clamd stopped the scan: ${this.#reply.replace(/\0/g, '')}`), callback);
    }
    const length = Buffer.alloc(4);
    length.writeUInt32BE(chunk.length);
    socket.write(length);
    if (socket.write(chunk)) return callback();
    const done = (error?: Error) => {
      socket.off('drain', drained);
      socket.off('close', closed);
      if (error) return this.#give(error, callback);
      callback();
    };
    const drained = () => done();
    const closed = () => done(this.#problem ?? new Error('clamd closed the connection during the scan'));
    socket.once('drain', drained);
    socket.once('close', closed);
  }

  override _flush(callback: TransformCallback): void {
    const socket = this.#socket;
    if (!socket) return callback();
    socket.write(Buffer.alloc(4));
    this.#replied!.then(
      (reply) => {
        socket.destroy();
        this.#socket = null;
        const found = /^stream: (.+) FOUND$/.exec(reply.trim());
        if (found) {
          this.verdict = { status: 'infected', signature: found[1]! };
          return callback();
        }
        if (reply.trim() === 'stream: OK') {
          this.verdict = { status: 'clean' };
          return callback();
        }
        this.#give(new Error(`clamd answered: ${reply.trim().slice(0, 200) || 'nothing'}`), callback);
      },
      (error: Error) => this.#give(error, callback),
    );
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#socket?.destroy();
    this.#socket = null;
    callback(error);
  }
}
