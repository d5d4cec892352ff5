// The same texts in English: the keys of messages.nl.ts beside it.
import type { tasksNl } from './messages.nl.ts';

export const tasksEn: Record<keyof typeof tasksNl, string> = {};
