// Who may read and keep the processing register, row by row, without a database: any privacy or audit
// permission reads it; only privacy.register-manage changes and retires; a retired activity is kept as
// it was; an activity that still covers audit actions does not retire (each action keeps one activity).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ANONYMOUS, actor, policyTable } from '../../../../test/helpers/policy-table.ts';
import { activityPolicy, REGISTER_READERS, type ActivityResource } from './register.policy.ts';
import { auditModule } from '../../audit/index.ts';

const UNIT = 'team-1';
const active: ActivityResource = { status: 'active', auditActions: ['referral.'] };
const unmapped: ActivityResource = { status: 'active', auditActions: [] };
const retired: ActivityResource = { status: 'retired', auditActions: [] };
const officer = actor({ [UNIT]: ['privacy.register-manage', 'privacy.subject-access'] });

policyTable('activityPolicy', activityPolicy, [
  { name: 'the privacy officer, an activity covering audit actions', actor: officer, resource: active, allows: ['read', 'update'] },
  {
    name: 'the privacy officer, an activity without audit actions',
    actor: officer,
    resource: unmapped,
    allows: ['read', 'update', 'retire'],
  },
  { name: 'the privacy officer, a retired activity', actor: officer, resource: retired, allows: ['read'] },
  { name: 'an auditor (audit.read)', actor: actor({ [UNIT]: ['audit.read'] }), resource: unmapped, allows: ['read'] },
  { name: 'the security officer (audit.verify)', actor: actor({ [UNIT]: ['audit.verify'] }), resource: unmapped, allows: ['read'] },
  { name: 'erasure only', actor: actor({ [UNIT]: ['privacy.erasure'] }), resource: unmapped, allows: ['read'] },
  {
    name: 'the system actor (shipping the audit stream)',
    actor: { kind: 'system', id: 'audit-shipping' },
    resource: active,
    allows: ['read'],
  },
  { name: 'a case worker', actor: actor({ [UNIT]: ['cases.create', 'persons.read-bsn'] }), resource: unmapped, allows: [] },
  { name: 'anonymous', actor: ANONYMOUS, resource: unmapped, allows: [] },
]);

// The same list is written out in the register's row-level security (migrations/0001): a new audit or
// privacy permission fails here until both say it.
test('the readers are every privacy and every audit permission', () => {
  const owned = [
    'privacy.register-manage',
    'privacy.subject-access',
    'privacy.erasure',
    'privacy.destruction',
    ...(auditModule.permissions ?? []).map((p) => p.name),
  ];
  assert.deepEqual([...REGISTER_READERS].sort(), owned.sort());
});
