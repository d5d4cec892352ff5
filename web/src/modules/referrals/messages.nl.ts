// Texts in Dutch. Referrals: the queue, the referral screen.
export const referralsNl = {} as const;
