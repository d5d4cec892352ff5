// The same texts in English: the keys of messages.nl.ts beside it.
import type { teamNl } from './messages.nl.ts';

export const teamEn: Record<keyof typeof teamNl, string> = {};
