// Texts in Dutch. Tasks.
export const tasksNl = {} as const;
