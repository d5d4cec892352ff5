// The documents module: files on cases, kept encrypted in the kernel's blob store (local directory or
// S3, optional clamd scan), with metadata, visibility and audit here. Visibility follows the case, with
// restricted documents for holders of documents.read-restricted and quarantined ones for holders of
// documents.manage-quarantine (row-level security, migrations/0001_documents.ts).
import type { CasusModule } from '../../kernel/module.ts';
import { createBlobStore } from '../../kernel/blobs/store.ts';
import { documents } from './migrations/0001_documents.ts';
import { seedDocumentPermissions } from './migrations/0002_seed_permissions.ts';
import { changeThroughCaseRule } from './migrations/0003_change_through_case_rule.ts';
import { documentSubjectAccessFunction } from './migrations/0004_subject_access.ts';
import { erasure } from './migrations/0005_erasure.ts';
import { documentPermissions } from './documents.permissions.ts';
import { DocumentsService } from './documents.service.ts';
import { caseDocumentsRoutes, documentRoutes } from './documents.routes.ts';
import './documents.tables.ts';

export { documentSubjectAccess, type SubjectDocument } from './documents.subject-access.ts';
export { documentsErasure } from './documents.erasure.ts';

export function createDocumentsModule(): CasusModule {
  return {
    name: 'documents',
    migrations: [documents, seedDocumentPermissions, changeThroughCaseRule, documentSubjectAccessFunction, erasure],
    permissions: documentPermissions,
    register(ctx) {
      // Rotation re-wraps each data key under the active key; the blobs themselves are not touched.
      ctx.encryption.register({ name: 'documents.data-key', table: 'document', idColumn: 'id', column: 'wrapped_key', kind: 'data-key' });
      const blobs = createBlobStore(ctx.settings, ctx.keyRing);
      const service = new DocumentsService(ctx.db, blobs, { maxBytes: ctx.settings.blobs.maxBytes, log: ctx.log });
      ctx.addRoutes(
        { prefix: '/cases', plugin: caseDocumentsRoutes(service, { maxBytes: ctx.settings.blobs.maxBytes }) },
        // The store only serves requests: it closes with the HTTP server (with S3 it keeps a connection pool).
        { prefix: '/documents', plugin: documentRoutes(service, { onClose: () => blobs.close() }) },
      );
    },
  };
}

export const documentsModule = createDocumentsModule();
