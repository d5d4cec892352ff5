// Texts in Dutch. Contact moments on the case screen.
export const contactsNl = {} as const;
