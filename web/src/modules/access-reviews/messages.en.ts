// The same texts in English: the keys of messages.nl.ts beside it.
import type { accessReviewsNl } from './messages.nl.ts';

export const accessReviewsEn: Record<keyof typeof accessReviewsNl, string> = {};
