// Who may search and export the audit trail, row by row, without a database: the permission granted
// at the root unit, never in one team; and how "who looked at this client" answers from what the
// database decided (docs/security.md, "Reading the audit trail").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { subjectViewAnswer, trailPolicy, type Organisation } from './trail.policy.ts';
import { ANONYMOUS, actor, policyTable } from '../../../../test/helpers/policy-table.ts';

const ROOT = 'national';
const TEAM = 'team-a';
const org: Organisation = { rootUnitId: ROOT };
const OFFICER = ['audit.read', 'audit.export', 'audit.verify', 'audit.alerts'];

policyTable('trailPolicy', trailPolicy, [
  {
    name: 'the security officer granted at the root searches and exports',
    actor: actor({ [ROOT]: OFFICER, [TEAM]: OFFICER }),
    resource: org,
    allows: ['search', 'export'],
  },
  { name: 'audit.read alone at the root only searches', actor: actor({ [ROOT]: ['audit.read'] }), resource: org, allows: ['search'] },
  { name: 'audit.export alone at the root only exports', actor: actor({ [ROOT]: ['audit.export'] }), resource: org, allows: ['export'] },
  { name: 'the security officer granted in one team reads nothing', actor: actor({ [TEAM]: OFFICER }), resource: org, allows: [] },
  { name: 'the privacy officer at the root reads no trail', actor: actor({ [ROOT]: ['audit.subject-views'] }), resource: org, allows: [] },
  { name: 'a team lead reads no trail', actor: actor({ [TEAM]: ['cases.read-unit', 'cases.update'] }), resource: org, allows: [] },
  { name: 'anonymous reads nothing', actor: ANONYMOUS, resource: org, allows: [] },
]);

test('who looked at this client: hidden is not found, refused is forbidden, a holder or a case worker is allowed', () => {
  assert.equal(subjectViewAnswer('hidden'), 'not-found');
  assert.equal(subjectViewAnswer('refused'), 'forbidden');
  assert.equal(subjectViewAnswer('holder'), 'allowed');
  assert.equal(subjectViewAnswer('worker'), 'allowed');
});
