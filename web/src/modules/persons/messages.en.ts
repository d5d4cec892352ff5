// The same texts in English: the keys of messages.nl.ts beside it.
import type { personsNl } from './messages.nl.ts';

export const personsEn: Record<keyof typeof personsNl, string> = {};
