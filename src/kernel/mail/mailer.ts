// Outgoing mail over SMTP (nodemailer), for any module: password-reset links now, access-review
// reminders later. One short-lived connection per message: the volume is small, and no idle socket
// outlives a request or keeps a stopping process alive. Mail is best effort by nature, so callers
// decide what a failure means; this file only makes it fail fast and clearly.
import { createTransport, type Transporter } from 'nodemailer';
import { AppError } from '../errors.ts';
import type { Settings } from '../config.ts';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

// An SMTP server that does not answer must not hold a request (or a job) for minutes: nodemailer's
// defaults are 2 minutes to connect and 10 minutes of socket inactivity.
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000, dnsTimeout: 10_000 } as const;

export function mailNotConfigured(): AppError {
  return new AppError({
    status: 503,
    code: 'mail-not-configured',
    title: 'E-mail is not available',
    detail: 'This Casus installation sends no e-mail (CASUS_SMTP_URL is not set). Ask the service desk.',
  });
}

export function mailFailed(cause: unknown): AppError {
  return new AppError({
    status: 503,
    code: 'mail-failed',
    title: 'E-mail could not be sent',
    detail: 'The mail server did not accept the message. Try again later.',
    cause,
  });
}

export class Mailer {
  readonly #settings: Settings['mail'];
  #transport: Transporter | null = null;

  constructor(settings: Settings['mail']) {
    this.#settings = settings;
  }

  get configured(): boolean {
    return this.#settings !== null;
  }

  #transporter(): Transporter {
    if (!this.#settings) throw mailNotConfigured();
    // Query parameters of CASUS_SMTP_URL (e.g. requireTLS=true) override the options given here.
    // File and URL access are off: message content can never pull local files or remote URLs in.
    this.#transport ??= createTransport({ url: this.#settings.smtpUrl, ...TIMEOUTS, disableFileAccess: true, disableUrlAccess: true });
    return this.#transport;
  }

  /** Sends one message; throws AppError 503 `mail-not-configured` or `mail-failed` (the SMTP error as cause). */
  async send(message: MailMessage): Promise<void> {
    const transport = this.#transporter();
    try {
      await transport.sendMail({
        from: this.#settings!.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        ...(message.html !== undefined ? { html: message.html } : {}),
      });
    } catch (error) {
      throw mailFailed(error);
    }
  }

  /**
   * For `casus doctor`: connects, greets and (when the URL has credentials) logs in, sends nothing.
   * Readiness does not use it: a mail server being down must not take Casus out of the load balancer.
   */
  async verify(): Promise<{ ok: boolean; detail: string }> {
    if (!this.#settings) return { ok: true, detail: 'no mail server configured (password reset by e-mail is unavailable)' };
    const where = this.#where();
    try {
      await this.#transporter().verify();
      return { ok: true, detail: `mail server ${where} accepts connections` };
    } catch (error) {
      return { ok: false, detail: `mail server ${where} not usable: ${(error as Error).message}` };
    }
  }

  /** The server without credentials, for messages. */
  #where(): string {
    try {
      const url = new URL(this.#settings!.smtpUrl);
      return `${url.protocol}//${url.host}`;
    } catch {
      return '(unparsable CASUS_SMTP_URL)';
    }
  }

  close(): void {
    this.#transport?.close();
    this.#transport = null;
  }
}
