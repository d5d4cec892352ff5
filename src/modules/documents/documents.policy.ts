// Who may do what with documents, as small rules. Documents follow their case: whoever may read the
// case reads its documents, whoever may change it (and it is open) adds, edits and deletes them.
// Restricted documents also need documents.read-restricted in the case's unit (volunteers do not hold
// it); quarantined ones are only for documents.manage-quarantine, and their content is never served.
// The same rules hold in the database (migrations/0001_documents.ts); these decide what the API
// offers (allowedActions) and refuse early with a clear problem.
import { definePolicy } from '../../kernel/auth/policy.ts';
import { hasPermission, hasPermissionIn } from '../../kernel/auth/permissions.ts';
import type { Actor } from '../../kernel/auth/actor.ts';
import { casePolicy, type CaseAccess } from '../cases/index.ts';

export interface DocumentResource {
  restricted: boolean;
  quarantined: boolean;
  /** The case it hangs off, as the cases module describes it to the actor (caseAccessOf); null when she cannot see it (a quarantine manager). */
  case: CaseAccess | null;
}

// Who sees the case and who may change it while it is open: the cases module's rules, not a copy.
const readsCase = (actor: Actor, c: CaseAccess) => casePolicy.read(actor, c);
const changesCase = (actor: Actor, c: CaseAccess) => casePolicy.update(actor, c);
export const readsRestricted = (actor: Actor, c: CaseAccess) => hasPermissionIn(actor, 'documents.read-restricted', c.owningUnitId);
export const managesQuarantine = (actor: Actor) => hasPermission(actor, 'documents.manage-quarantine');

const reads = (actor: Actor, d: DocumentResource) =>
  !d.quarantined && d.case !== null && readsCase(actor, d.case) && (!d.restricted || readsRestricted(actor, d.case));

/** A case's documents as a whole. */
export const caseDocumentsPolicy = definePolicy<CaseAccess, 'list' | 'upload' | 'uploadRestricted'>({
  list: readsCase,
  upload: changesCase,
  uploadRestricted: (actor, c) => changesCase(actor, c) && readsRestricted(actor, c),
});

/** One document: `read` its description and content, change its description, delete it. */
export const documentPolicy = definePolicy<DocumentResource, 'read' | 'update' | 'delete'>({
  read: reads,
  update: (actor, d) => reads(actor, d) && changesCase(actor, d.case!),
  delete: (actor, d) => (d.quarantined ? managesQuarantine(actor) : reads(actor, d) && changesCase(actor, d.case!)),
});
