// Texts in Dutch. The team lead's screens.
export const teamNl = {} as const;
