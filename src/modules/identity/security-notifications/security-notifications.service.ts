// Telling people of security events. The kernel records a security event with the outbox event
// `security.event-raised`, naming who is to be told by permission and unit (kernel/audit/security-events.ts);
// identity knows people, so it resolves them here, after the change committed: the active people
// holding the permission in that unit (through grants on it or an ancestor, own or through groups),
// never the one who caused the event. They get an e-mail when mail is configured, else the event is
// logged for the operators. Either way `security.notified` records whom it concerned (objectIds).
// The event bus claims each event for this handler in the same transaction, so a redelivered event
// tells nobody twice. A mail server that takes none of the messages fails the handler, which is
// retried (the claim rolls back with it); a single refused address is recorded and not retried.
import type { Tx } from '../../../kernel/db/database.ts';
import type { DomainEvent } from '../../../kernel/events/event-map.ts';
import type { Logger } from '../../../kernel/observability/logger.ts';
import { recordAudit } from '../../../kernel/audit/audit.ts';
import '../../../kernel/audit/security-events.ts';
import { holdersIn } from '../grants/grants.repository.ts';
import { describeUnits, describeUsers } from '../organisation/directory.repository.ts';

export const SECURITY_NOTIFY_HANDLER = 'identity.security-notify';

export interface SecurityMail {
  readonly configured: boolean;
  send(message: { to: string; subject: string; text: string }): Promise<void>;
}

export interface NotifyOptions {
  mail: SecurityMail | null;
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
  appUrl: string | null;
}

export interface Notified {
  recipients: string[];
  mailed: string[];
  failed: string[];
}

type Raised = DomainEvent<'security.event-raised'>;

/** Who is to be told of the event: the holders of each named permission in its unit, minus its cause. */
export async function recipientsOf(tx: Tx, event: Raised): Promise<string[]> {
  const cause = event.actor.kind === 'user' || event.actor.kind === 'service' ? event.actor.id : null;
  const recipients = new Set<string>();
  for (const notice of event.payload.notify) {
    for (const id of await holdersIn(tx, notice.permission, notice.unitId)) if (id !== cause) recipients.add(id);
  }
  return [...recipients].sort();
}

function mailText(event: Raised, unit: string | null, appUrl: string | null): string {
  const { action, result, objectType, objectId } = event.payload;
  return [
    'Er is een beveiligingsmelding in Casus die je aandacht vraagt. / A security event in Casus needs your attention.',
    '',
    `What: ${action} (${result})`,
    `Unit: ${unit ?? 'the whole organisation'}`,
    `When: ${event.occurredAt.toISOString()}`,
    `Reference: ${objectType}${objectId ? ` ${objectId}` : ''} (event ${event.id})`,
    '',
    `Sign in to Casus to see the details you may see${appUrl ? `: ${appUrl}` : ''}.`,
    'This message names nobody on purpose. You get it because you hold a permission the event concerns.',
  ].join('\n');
}

export async function notifySecurityEvent(tx: Tx, event: Raised, options: NotifyOptions): Promise<Notified> {
  const recipients = await recipientsOf(tx, event);
  const people = await describeUsers(tx, recipients);
  const unitId = event.payload.unitId;
  const unit = unitId ? (await describeUnits(tx, [unitId])).get(unitId) : undefined;
  const unitText = unit ? `${unit.name} (${unit.code})` : null;
  const mailed: string[] = [];
  const failed: string[] = [];
  const facts = { eventId: event.id, action: event.payload.action, result: event.payload.result, unitId, recipients: recipients.length };
  if (options.mail?.configured) {
    for (const id of recipients) {
      const email = people.get(id)?.email;
      if (!email) continue;
      try {
        await options.mail.send({
          to: email,
          subject: `Casus: beveiligingsmelding / security event ${event.payload.action}`,
          text: mailText(event, unitText, options.appUrl),
        });
        mailed.push(id);
      } catch (error) {
        failed.push(id);
        options.log.error({ err: error, ...facts, userId: id }, 'security event mail not accepted');
      }
    }
    // Nothing got through: the mail server is down, not one address wrong. Try the whole event again later.
    if (failed.length > 0 && mailed.length === 0) throw new Error(`no security event mail was accepted (${failed.length} tried)`);
  } else {
    options.log.warn({ ...facts, userIds: recipients }, 'security event (no mail configured: told only in this log)');
  }
  await recordAudit(tx, {
    action: 'security.notified',
    objectType: event.payload.objectType,
    objectId: event.payload.objectId,
    objectIds: recipients,
    details: {
      ...facts,
      notify: event.payload.notify,
      mailed: mailed.length,
      failed,
      withoutAddress: recipients.filter((id) => !people.get(id)?.email),
    },
  });
  return { recipients, mailed, failed };
}
