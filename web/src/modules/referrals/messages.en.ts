// The same texts in English: the keys of messages.nl.ts beside it.
import type { referralsNl } from './messages.nl.ts';

export const referralsEn: Record<keyof typeof referralsNl, string> = {};
