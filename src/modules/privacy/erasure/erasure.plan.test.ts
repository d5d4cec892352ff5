// When erasing a person is lawful, row by row, without a database.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { erasurePlan } from './erasure.plan.ts';
import type { CaseErasureFact, ReferralErasureFact } from './erasure.facts.ts';

const kase = (over: Partial<CaseErasureFact> = {}): CaseErasureFact => ({
  caseId: 'c1',
  caseNumber: '2020-123456782',
  permitted: true,
  about: true,
  closed: true,
  legalHold: false,
  ...over,
});
const referral = (over: Partial<ReferralErasureFact> = {}): ReferralErasureFact => ({
  referralId: 'r1',
  live: false,
  permitted: true,
  ...over,
});
const live = { mergedInto: null };

test('no case and no referral: erased entirely', () => {
  assert.deepEqual(erasurePlan(live, [], []), { outcome: 'erase', blockers: [], outOfReach: false });
});

test('closed cases and closed referrals only: anonymised', () => {
  assert.equal(erasurePlan(live, [kase(), kase({ caseId: 'c2', about: false })], [referral()]).outcome, 'anonymise');
});

test('a closed referral without a case: erased entirely (the referral is stripped)', () => {
  assert.equal(erasurePlan(live, [], [referral()]).outcome, 'erase');
});

test('every reason to keep is named, and refuses', () => {
  const plan = erasurePlan(
    { mergedInto: 'p2' },
    [
      kase({ closed: false }),
      kase({ caseId: 'c2', legalHold: true }),
      kase({ caseId: 'c3', closed: false, legalHold: true, caseNumber: null }),
    ],
    [referral({ live: true }), referral({ referralId: 'r2' })],
  );
  assert.equal(plan.outcome, 'refused');
  assert.deepEqual(plan.blockers, [
    { reason: 'merged', personId: 'p2' },
    { reason: 'open-case', caseId: 'c1', caseNumber: '2020-123456782' },
    { reason: 'legal-hold', caseId: 'c2', caseNumber: '2020-123456782' },
    { reason: 'open-case', caseId: 'c3', caseNumber: null },
    { reason: 'legal-hold', caseId: 'c3', caseNumber: null },
    { reason: 'live-referral', referralId: 'r1' },
  ]);
});

test('a case or referral outside the actor’s units puts the person out of her reach', () => {
  assert.equal(erasurePlan(live, [kase({ permitted: false })], []).outOfReach, true);
  assert.equal(erasurePlan(live, [], [referral({ permitted: false })]).outOfReach, true);
  assert.equal(erasurePlan(live, [kase()], [referral()]).outOfReach, false);
});
