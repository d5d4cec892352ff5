// The same texts in English: the keys of messages.nl.ts beside it.
import type { identityAdminNl } from './messages.nl.ts';

export const identityAdminEn: Record<keyof typeof identityAdminNl, string> = {};
