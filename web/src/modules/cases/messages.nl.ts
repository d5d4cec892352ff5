// Texts in Dutch. Cases: the case screen, break-the-glass.
export const casesNl = {} as const;
