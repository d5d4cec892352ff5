// OTLP over HTTP with the JSON encoding (otlp-format.ts): audit and security events as logs to
// <endpoint>/v1/logs, the processing log as spans to <endpoint>/v1/traces. A batch is acknowledged by
// a 2xx answer. As the OTLP specification says: 429, 502, 503 and 504 are tried again, after the
// Retry-After the collector asked for or an exponential backoff with jitter; a refused request (any
// other 4xx or 5xx) is not tried again soon. It is not dropped either, as OTLP would have it: an audit
// event must reach the central log, and a refusal is far more often a collector's configuration (a
// wrong path, a missing token) than a bad record, so the batch waits the longest backoff and the
// lag and failure metrics raise the alarm. Records a collector accepts the request but rejects
// (partial success) are its own decision; OTLP forbids sending them again, so they are counted and logged.
import { readFile } from 'node:fs/promises';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { OtlpSettings } from '../../../kernel/config-audit.ts';
import type { Tx } from '../../../kernel/db/database.ts';
import type { Logger } from '../../../kernel/observability/logger.ts';
import type { AuditStream, SealedEvent } from '../stream/stream.repository.ts';
import { logsRequest, tracesRequest, type ResourceInfo } from './otlp-format.ts';
import { PROCESSING_LOG_CONSUMER } from './processing-log-writer.ts';
import { consumerCursor, entriesOfLeaves } from './processing-log.repository.ts';
import type { SubjectPseudonyms } from './pseudonym.ts';
import { isShipped, shippedEventOf } from './shipped-event.ts';
import { DeliveryError, NotYet, type Sink } from './sink.ts';
import { mapInSlices } from './slices.ts';

export const OTLP_LOGS_CONSUMER = 'ship-otlp-logs';
export const OTLP_PROCESSING_LOG_CONSUMER = 'ship-otlp-processing-log';

/** OTLP/HTTP answers that mean "try again" (specification, "Retryable Response Codes"). */
const RETRYABLE = new Set([429, 502, 503, 504]);
/** The client must bound what it reads of an answer; a partial-success body is small. */
const MAX_RESPONSE_BYTES = 64 * 1024;
/** Spans per request of the processing log (about 600 bytes each as JSON). */
const SPANS_PER_REQUEST = 5000;

export interface OtlpAnswer {
  /** Records the collector accepted the request with but rejected (partial success). */
  rejected: number;
  message: string | null;
}

/** Retry-After as seconds or an HTTP date, in ms; null when absent or unreadable. */
export function retryAfterMs(header: string | string[] | undefined, now = Date.now()): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

function readBody(response: IncomingMessage): Promise<{ text: string; complete: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_RESPONSE_BYTES) chunks.push(chunk);
    });
    response.on('end', () => resolve({ text: Buffer.concat(chunks).toString('utf8'), complete: size <= MAX_RESPONSE_BYTES }));
    response.on('error', reject);
  });
}

function partialSuccessOf(text: string): OtlpAnswer {
  try {
    const body = JSON.parse(text) as { partialSuccess?: Record<string, unknown> };
    const partial = body.partialSuccess ?? {};
    const rejected = Number(partial.rejectedLogRecords ?? partial.rejectedSpans ?? 0);
    const message = typeof partial.errorMessage === 'string' && partial.errorMessage !== '' ? partial.errorMessage.slice(0, 500) : null;
    return { rejected: Number.isFinite(rejected) ? rejected : 0, message };
  } catch {
    return { rejected: 0, message: null };
  }
}

/** An OTLP collector: its base URL, TLS files (read per request: renewed certificates apply) and headers. */
export class OtlpClient {
  readonly #settings: OtlpSettings;
  readonly #agent: HttpAgent | HttpsAgent;

  constructor(settings: OtlpSettings) {
    this.#settings = settings;
    // "The client SHOULD keep the connection alive between requests."
    this.#agent = settings.endpoint.startsWith('https:')
      ? new HttpsAgent({ keepAlive: true, maxSockets: 2 })
      : new HttpAgent({ keepAlive: true, maxSockets: 2 });
  }

  async post(path: '/v1/logs' | '/v1/traces', body: object, signal: AbortSignal): Promise<OtlpAnswer> {
    const url = new URL(`${this.#settings.endpoint}${path}`);
    const read = (file: string | null) => (file ? readFile(file) : Promise.resolve(null));
    const [ca, cert, key] = await Promise.all([read(this.#settings.caFile), read(this.#settings.certFile), read(this.#settings.keyFile)]);
    const payload = Buffer.from(JSON.stringify(body), 'utf8');
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const options = {
        method: 'POST',
        agent: this.#agent,
        signal,
        headers: {
          ...this.#settings.headers,
          'content-type': 'application/json',
          'content-length': String(payload.length),
          'user-agent': 'casus-audit-shipping',
        },
        ...(ca ? { ca } : {}),
        ...(cert && key ? { cert, key } : {}),
        minVersion: 'TLSv1.2' as const,
      };
      const req = url.protocol === 'https:' ? httpsRequest(url, options, resolve) : httpRequest(url, options, resolve);
      req.on('error', (error) => reject(new DeliveryError(`OTLP ${url.origin}${path}: ${error.message}`, { cause: error })));
      req.end(payload);
    });
    const { text, complete } = await readBody(response).catch((error: unknown) => {
      throw new DeliveryError(`OTLP ${url.origin}${path}: the answer broke off`, { cause: error });
    });
    const status = response.statusCode ?? 0;
    if (status >= 200 && status < 300) return complete ? partialSuccessOf(text) : { rejected: 0, message: null };
    // The body of a failure may be a Status message; a short printable part helps whoever reads the log.
    const detail = text
      .replace(/[^\x20-\x7e]/g, ' ')
      .trim()
      .slice(0, 200);
    const message = `OTLP ${url.origin}${path} answered ${status}${detail ? `: ${detail}` : ''}`;
    if (RETRYABLE.has(status)) throw new DeliveryError(message, { retryAfterMs: retryAfterMs(response.headers['retry-after']) });
    throw new DeliveryError(message, { refused: true });
  }

  close(): void {
    this.#agent.destroy();
  }
}

interface OtlpSinkOptions {
  client: OtlpClient;
  resource: ResourceInfo;
  log: Logger;
}

abstract class OtlpSink implements Sink {
  abstract readonly consumer: string;
  #rejected = 0;
  protected readonly options: OtlpSinkOptions;

  constructor(options: OtlpSinkOptions) {
    this.options = options;
  }

  rejectedRecords(): number {
    return this.#rejected;
  }

  abstract deliver(tx: Tx, events: SealedEvent[], signal: AbortSignal): Promise<number>;

  protected noteAnswer(answer: OtlpAnswer, sent: number): void {
    if (answer.rejected > 0) {
      this.#rejected += answer.rejected;
      this.options.log.error(
        { consumer: this.consumer, rejected: answer.rejected, sent, collector: answer.message },
        'the OTLP collector accepted the batch but rejected some records (partial success); OTLP forbids sending them again',
      );
    } else if (answer.message) {
      this.options.log.warn({ consumer: this.consumer, collector: answer.message }, 'the OTLP collector accepted the batch with a warning');
    }
  }
}

/** Audit and security events as OTLP log records. */
export class OtlpLogsSink extends OtlpSink {
  readonly consumer = OTLP_LOGS_CONSUMER;
  readonly #pseudonyms: SubjectPseudonyms;
  readonly #events: 'all' | 'security';

  constructor(options: OtlpSinkOptions & { pseudonyms: SubjectPseudonyms; events: 'all' | 'security' }) {
    super(options);
    this.#pseudonyms = options.pseudonyms;
    this.#events = options.events;
  }

  async deliver(_tx: Tx, events: SealedEvent[], signal: AbortSignal): Promise<number> {
    const chosen = events.filter((e) => isShipped(e, this.#events));
    if (chosen.length === 0) return 0;
    const shipped = await mapInSlices(chosen, (e) => shippedEventOf(e, this.#pseudonyms));
    this.noteAnswer(
      await this.options.client.post('/v1/logs', logsRequest(shipped, this.options.resource, new Date()), signal),
      shipped.length,
    );
    return shipped.length;
  }
}

/**
 * The processing log as OTLP spans. It follows the log's writer (the `processing-log` consumer): a batch
 * reaches no further than the leaves the writer has handled, whose entries are then in the table.
 */
export class OtlpProcessingLogSink extends OtlpSink {
  readonly consumer = OTLP_PROCESSING_LOG_CONSUMER;
  readonly #stream: AuditStream;

  constructor(options: OtlpSinkOptions & { stream: AuditStream }) {
    super(options);
    this.#stream = options.stream;
  }

  async limit(batchSize: number): Promise<number> {
    const cursors = await this.#stream.cursors();
    const at = (consumer: string) => BigInt(cursors.find((c) => c.consumer === consumer)?.leafIndex ?? '-1');
    // Leaves are gap-free, so the difference of two cursors counts the leaves between them.
    const ahead = at(PROCESSING_LOG_CONSUMER) - at(this.consumer);
    return ahead <= 0n ? 0 : Number(ahead < BigInt(batchSize) ? ahead : BigInt(batchSize));
  }

  async deliver(tx: Tx, events: SealedEvent[], signal: AbortSignal): Promise<number> {
    const first = events[0]!.leafIndex;
    const last = events[events.length - 1]!.leafIndex;
    // Another instance may have moved this sink's cursor since limit() looked: never pass the writer.
    const written = await consumerCursor(tx, PROCESSING_LOG_CONSUMER);
    if (written === null || written < BigInt(last)) throw new NotYet('the processing log has not been written this far yet');
    const entries = await entriesOfLeaves(tx, first, last);
    // A list read names up to hundreds of persons: requests stay a few MB however large the batch.
    for (let i = 0; i < entries.length; i += SPANS_PER_REQUEST) {
      const part = entries.slice(i, i + SPANS_PER_REQUEST);
      this.noteAnswer(await this.options.client.post('/v1/traces', tracesRequest(part, this.options.resource), signal), part.length);
    }
    return entries.length;
  }
}
