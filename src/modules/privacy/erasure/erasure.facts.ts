// The facts erasure decides on, as the modules export them (through their index.ts).
export type { CaseErasureFact } from '../../cases/index.ts';
export type { ReferralErasureFact } from '../../referrals/index.ts';
