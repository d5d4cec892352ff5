// When erasing a person is lawful, decided from what the modules report about them (no database): the
// reasons to keep (a legal hold, an open case, a referral still being worked, a merge into another
// person) refuse it; otherwise a person with a case left is anonymised and one without is erased
// entirely. The database holds the same rule (the modules' erase functions refuse what it refuses).
import type { CaseErasureFact, ReferralErasureFact } from './erasure.facts.ts';

export type ErasureBlocker =
  | { reason: 'merged'; personId: string }
  | { reason: 'open-case'; caseId: string; caseNumber: string | null }
  | { reason: 'legal-hold'; caseId: string; caseNumber: string | null }
  | { reason: 'live-referral'; referralId: string };

export interface ErasurePlan {
  /** 'refused' while any blocker stands; else what happens to the person. */
  outcome: 'refused' | 'anonymise' | 'erase';
  blockers: ErasureBlocker[];
  /** The actor lacks privacy.erasure in the unit of one of the person's cases or referrals: she may not even see them. */
  outOfReach: boolean;
}

export function erasurePlan(
  person: { mergedInto: string | null },
  cases: readonly CaseErasureFact[],
  referrals: readonly ReferralErasureFact[],
): ErasurePlan {
  const blockers: ErasureBlocker[] = [];
  if (person.mergedInto) blockers.push({ reason: 'merged', personId: person.mergedInto });
  for (const c of cases) {
    if (!c.closed) blockers.push({ reason: 'open-case', caseId: c.caseId, caseNumber: c.caseNumber });
    if (c.legalHold) blockers.push({ reason: 'legal-hold', caseId: c.caseId, caseNumber: c.caseNumber });
  }
  for (const r of referrals) if (r.live) blockers.push({ reason: 'live-referral', referralId: r.referralId });
  const outOfReach = cases.some((c) => !c.permitted) || referrals.some((r) => !r.permitted);
  return { outcome: blockers.length > 0 ? 'refused' : cases.length > 0 ? 'anonymise' : 'erase', blockers, outOfReach };
}
