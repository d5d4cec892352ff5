// Texts in Dutch. Administration of the organisation: units, users, groups, roles and grants, service accounts.
export const identityAdminNl = {} as const;
