// The same texts in English: the keys of messages.nl.ts beside it.
import type { documentsNl } from './messages.nl.ts';

export const documentsEn: Record<keyof typeof documentsNl, string> = {};
