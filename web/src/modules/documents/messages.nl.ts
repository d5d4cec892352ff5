// Texts in Dutch. Documents on the case screen.
export const documentsNl = {} as const;
