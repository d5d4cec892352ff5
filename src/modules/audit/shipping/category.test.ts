// Which retention category each kind of audit event falls in: a table of actions the modules record.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { auditCategoryOf, type CategorisedEvent } from './category.ts';

const success = (action: string, details: CategorisedEvent['details'] = null): CategorisedEvent => ({ action, result: 'success', details });

test('categories of the actions the modules record', () => {
  const table: [CategorisedEvent, string][] = [
    [success('person.read'), 'access'],
    [success('contact-moment.list'), 'access'],
    [success('document.read-metadata'), 'access'],
    [success('document.quarantine-list'), 'access'],
    [success('person.bsn-reveal'), 'access'],
    [success('search.query'), 'access'],
    [success('case.update'), 'change'],
    [success('person.merge'), 'change'],
    [success('referral.convert'), 'change'],
    [success('task.create'), 'change'],
    [success('auth.sign-in'), 'security'],
    [success('session.end'), 'security'],
    [success('grant.create'), 'security'],
    [success('role.set-permissions'), 'security'],
    [success('api-token.issue'), 'security'],
    [success('audit.processing-log-expire'), 'security'],
    [success('case.break-glass', { securityEvent: true }), 'security'],
    [{ action: 'person.read', result: 'denied', details: null }, 'security'],
    [{ action: 'case.update', result: 'failure', details: null }, 'security'],
  ];
  for (const [event, expected] of table) assert.equal(auditCategoryOf(event), expected, `${event.action} ${event.result}`);
});
