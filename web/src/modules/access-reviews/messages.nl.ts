// Texts in Dutch. Access review campaigns.
export const accessReviewsNl = {} as const;
