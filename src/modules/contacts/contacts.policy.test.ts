// Who may read, log and correct contact moments, row by row, without a database: they are visible
// exactly when their case is and logged by whoever may change the open case (the cases module's rule);
// corrected by their author within 24 hours, later only with contacts.correct in the case's unit
// (docs/security.md, Referrals, contact moments, tasks, documents and search).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CORRECTION_WINDOW_MS,
  caseContactPolicy,
  contactMomentPolicy,
  isOwnRecentContact,
  type ContactCase,
  type ContactMomentResource,
} from './contacts.policy.ts';
import { ANONYMOUS, actor, policyTable } from '../../../test/helpers/policy-table.ts';

const TEAM_A = 'team-a';
const TEAM_B = 'team-b';
const HOUR = 3_600_000;
const LEAD = ['cases.read-unit', 'cases.update', 'cases.grant-access', 'contacts.correct'];

const kase = (over: Partial<ContactCase> = {}): ContactCase => ({
  owningUnitId: TEAM_A,
  confidentiality: 'normal',
  closed: false,
  assigned: false,
  granted: false,
  ...over,
});
const moment = (kaseOver: Partial<ContactCase>, over: Partial<ContactMomentResource> = {}): ContactMomentResource => ({
  kase: kase(kaseOver),
  createdBy: 'author',
  createdAt: new Date(Date.now() - HOUR),
  ...over,
});

const author = actor({ [TEAM_A]: ['cases.update'] }, { id: 'author' });
const leadA = actor({ [TEAM_A]: LEAD });

policyTable('caseContactPolicy', caseContactPolicy, [
  { name: 'an assigned volunteer logs on the open case', actor: actor(), resource: kase({ assigned: true }), allows: ['read', 'log'] },
  { name: 'a closed case takes no new contact', actor: actor(), resource: kase({ assigned: true, closed: true }), allows: ['read'] },
  { name: 'the team lead on her unit’s case', actor: leadA, resource: kase(), allows: ['read', 'log'] },
  { name: 'a unit-wide reader only reads', actor: actor({ [TEAM_A]: ['cases.read-unit'] }), resource: kase(), allows: ['read'] },
  { name: 'the team lead without a grant on a shielded case', actor: leadA, resource: kase({ confidentiality: 'shielded' }), allows: [] },
  { name: 'a case worker of the unit who does not work on it', actor: author, resource: kase(), allows: [] },
  { name: 'another team’s lead', actor: actor({ [TEAM_B]: LEAD }), resource: kase(), allows: [] },
]);

policyTable('contactMomentPolicy', contactMomentPolicy, [
  { name: 'the author within 24 hours corrects it', actor: author, resource: moment({ assigned: true }), allows: ['read', 'update'] },
  {
    name: 'the author after 24 hours only reads',
    actor: author,
    resource: moment({ assigned: true }, { createdAt: new Date(Date.now() - 25 * HOUR) }),
    allows: ['read'],
  },
  {
    name: 'the author on the closed case within 24 hours still corrects',
    actor: author,
    resource: moment({ assigned: true, closed: true }),
    allows: ['read', 'update'],
  },
  { name: 'the author who no longer sees the case', actor: author, resource: moment({}), allows: [] },
  {
    name: 'a colleague on the case who did not write it',
    actor: actor({ [TEAM_A]: ['cases.update'] }, { id: 'colleague' }),
    resource: moment({ assigned: true }),
    allows: ['read'],
  },
  {
    name: 'the team lead (contacts.correct) after 24 hours',
    actor: leadA,
    resource: moment({}, { createdAt: new Date(Date.now() - 25 * HOUR) }),
    allows: ['read', 'update'],
  },
  { name: 'the team lead without a grant on a shielded case', actor: leadA, resource: moment({ confidentiality: 'shielded' }), allows: [] },
  {
    name: 'contacts.correct in another unit, on a case she is granted',
    actor: actor({ [TEAM_B]: LEAD }),
    resource: moment({ granted: true }),
    allows: ['read'],
  },
  { name: 'anonymous, on a moment without an author', actor: ANONYMOUS, resource: moment({}, { createdBy: null }), allows: [] },
]);

test('isOwnRecentContact: the correction window ends 24 hours after logging, to the millisecond', () => {
  const createdAt = new Date('2026-03-01T09:00:00Z');
  const resource = moment({ assigned: true }, { createdAt });
  const rows: [string, number, boolean][] = [
    ['at once', 0, true],
    ['one millisecond before the end', CORRECTION_WINDOW_MS - 1, true],
    ['at the end', CORRECTION_WINDOW_MS, false],
  ];
  for (const [when, after, expected] of rows)
    assert.equal(isOwnRecentContact(author, resource, createdAt.getTime() + after), expected, when);
  assert.equal(isOwnRecentContact(actor({}, { id: 'someone' }), resource, createdAt.getTime()), false, 'not the author');
});
