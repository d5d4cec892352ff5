// The same texts in English: the keys of messages.nl.ts beside it.
import type { casesNl } from './messages.nl.ts';

export const casesEn: Record<keyof typeof casesNl, string> = {};
