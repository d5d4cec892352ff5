// The same texts in English: the keys of messages.nl.ts beside it.
import type { contactsNl } from './messages.nl.ts';

export const contactsEn: Record<keyof typeof contactsNl, string> = {};
