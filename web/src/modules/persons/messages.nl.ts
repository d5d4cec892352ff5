// Texts in Dutch. Persons: the person screen.
export const personsNl = {} as const;
