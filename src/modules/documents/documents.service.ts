// Documents on cases: upload (streamed through the kernel's blob store: size limit, content check,
// virus scan, encryption), list, read metadata, download, change metadata, delete; and the quarantine
// list for security officers. Authorisation is the first line of each operation (documents.policy.ts),
// row-level security holds underneath; every read and write is audited in the same transaction.
//
// An upload streams into the blob store before its row is written, outside any transaction, so no
// database connection waits on a slow client. A blob whose row never commits is removed again.
import { encodeCursor } from '../../kernel/http/cursor.ts';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { userIdOf, type ActorContext } from '../../kernel/auth/actor.ts';
import { allowedActions, authorize, can } from '../../kernel/auth/policy.ts';
import { recordAudit } from '../../kernel/audit/audit.ts';
import type { Database, Tx } from '../../kernel/db/database.ts';
import { pageOf, type KeysetCursor } from '../../kernel/db/keyset.ts';
import { AppError } from '../../kernel/errors.ts';
import { withIdempotency, type IdempotencyClaim } from '../../kernel/http/idempotency.ts';
import type { BlobStore } from '../../kernel/blobs/store.ts';
import { documentTooLarge } from '../../kernel/blobs/store.ts';
import { DOCUMENT_TYPES, extensionOf } from '../../kernel/blobs/content-types.ts';
import type { Logger } from '../../kernel/observability/logger.ts';
import { caseAccessOf, type CaseAccess } from '../cases/index.ts';
import { caseDocumentsPolicy, documentPolicy, readsRestricted, type DocumentResource } from './documents.policy.ts';
import {
  findDocument,
  insertDocument,
  listCaseDocuments,
  listQuarantined,
  softDeleteDocument,
  updateDocument,
  type DocumentRow,
} from './documents.repository.ts';
import type { DocumentType } from './documents.tables.ts';
import { sanitiseFilename, storedFilename } from './filenames.ts';

export interface UploadInput {
  /** As the client named it (unsanitised), or null. */
  filename: string | null;
  documentType: DocumentType;
  restricted: boolean;
  body: Readable;
  /** The request's Content-Length, when it gave one: refused at once when over the limit. */
  declaredLength: number | null;
  idempotency: IdempotencyClaim | null;
}

export interface DocumentView {
  id: string;
  caseId: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  documentType: DocumentType;
  restricted: boolean;
  uploadedBy: string | null;
  uploadedAt: string;
  updatedAt: string;
  version: number;
  allowedActions: string[];
}

export interface QuarantinedDocumentView {
  id: string;
  caseId: string;
  contentType: string;
  size: number;
  sha256: string;
  signature: string;
  uploadedBy: string | null;
  uploadedAt: string;
  version: number;
}

export function documentQuarantined(): AppError {
  return new AppError({
    status: 422,
    code: 'document-quarantined',
    title: 'Document quarantined',
    detail:
      'The virus scanner found something in this file. It was set aside and is not available; the security officer has been notified.',
  });
}

const resourceOf = (row: Pick<DocumentRow, 'restricted' | 'quarantined'>, kase: CaseAccess | undefined): DocumentResource => ({
  restricted: row.restricted,
  quarantined: row.quarantined,
  case: kase ?? null,
});

export class DocumentsService {
  readonly #db: Database;
  readonly #blobs: BlobStore;
  readonly #maxBytes: number;
  readonly #log: Logger;

  constructor(db: Database, blobs: BlobStore, options: { maxBytes: number; log: Logger }) {
    this.#db = db;
    this.#blobs = blobs;
    this.#maxBytes = options.maxBytes;
    this.#log = options.log;
  }

  #present(tx: Tx, row: DocumentRow, kase: CaseAccess | undefined): DocumentView {
    return {
      id: row.id,
      caseId: row.case_id,
      filename: row.filename,
      contentType: row.content_type,
      size: Number(row.size),
      sha256: row.sha256,
      documentType: row.document_type,
      restricted: row.restricted,
      uploadedBy: row.uploaded_by,
      uploadedAt: row.uploaded_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
      version: row.version,
      allowedActions: allowedActions(tx.ctx.actor, documentPolicy, resourceOf(row, kase)),
    };
  }

  /** The case, if the actor may do `action` with its documents: 404 when she cannot see it, 403 otherwise. */
  async #authorizedCase(tx: Tx, caseId: string, action: keyof typeof caseDocumentsPolicy): Promise<CaseAccess> {
    const kase = await caseAccessOf(tx, caseId);
    if (!kase || !can(tx.ctx.actor, caseDocumentsPolicy, 'list', kase)) throw AppError.notFound();
    authorize(tx.ctx.actor, caseDocumentsPolicy, action, kase);
    return kase;
  }

  /** A live document the actor may `action` (404 when she may not see it: existence does not leak). */
  async #authorizedDocument(tx: Tx, id: string, action: keyof typeof documentPolicy, options: { forUpdate?: boolean } = {}) {
    const row = await findDocument(tx, id, options);
    if (!row) throw AppError.notFound();
    const kase = row.quarantined ? undefined : await caseAccessOf(tx, row.case_id);
    const resource = resourceOf(row, kase);
    const visible = row.quarantined
      ? can(tx.ctx.actor, documentPolicy, 'delete', resource)
      : can(tx.ctx.actor, documentPolicy, 'read', resource);
    if (!visible) throw AppError.notFound();
    authorize(tx.ctx.actor, documentPolicy, action, resource);
    return { row, kase };
  }

  async #discard(id: string): Promise<void> {
    await this.#blobs
      .delete(id)
      .catch((error: unknown) =>
        this.#log.error({ err: error, documentId: id }, 'could not remove the blob of a document that was not recorded'),
      );
  }

  async upload(ctx: ActorContext, caseId: string, input: UploadInput): Promise<DocumentView> {
    const action = input.restricted ? 'uploadRestricted' : 'upload';
    await this.#db.transaction(ctx, (tx) => this.#authorizedCase(tx, caseId, action));
    if (input.declaredLength !== null && input.declaredLength > this.#maxBytes) throw documentTooLarge(this.#maxBytes);

    const id = randomUUID();
    const sanitised = sanitiseFilename(input.filename ?? '');
    const stored = await this.#blobs.put(id, input.body, sanitised === '' ? {} : { filename: sanitised });
    if (stored.quarantined)
      this.#log.warn({ documentId: id, caseId, signature: stored.signature }, 'the virus scanner quarantined an uploaded document');
    if (stored.scan.status === 'unscanned')
      this.#log.warn(
        { documentId: id, caseId, reason: stored.scan.reason },
        'document stored without a virus scan (CASUS_CLAMD_ON_ERROR=accept)',
      );

    let applied = false;
    let outcome: { quarantined: boolean; document: DocumentView | null };
    try {
      outcome = await this.#db.transaction(ctx, (tx) =>
        withIdempotency(tx, input.idempotency, async () => {
          applied = true;
          // Again, now in the transaction that writes: the case may have closed while the file streamed.
          const kase = await this.#authorizedCase(tx, caseId, action);
          await insertDocument(tx, {
            id,
            case_id: caseId,
            filename: storedFilename(sanitised, stored.contentType),
            content_type: stored.contentType,
            size: stored.size,
            sha256: stored.sha256,
            wrapped_key: stored.wrappedKey,
            format_version: stored.formatVersion,
            document_type: input.documentType,
            restricted: input.restricted,
            quarantined: stored.quarantined,
            signature: stored.signature ?? null,
            uploaded_by: userIdOf(ctx.actor),
            deleted_at: null,
            deleted_by: null,
            delete_reason: null,
          });
          const details = {
            caseId,
            documentType: input.documentType,
            restricted: input.restricted,
            contentType: stored.contentType,
            size: stored.size,
            sha256: stored.sha256,
            scan: stored.scan.status,
          };
          if (stored.quarantined) {
            await recordAudit(tx, {
              action: 'document.quarantined',
              objectType: 'document',
              objectId: id,
              dataSubjectId: kase.primaryClientId,
              result: 'denied',
              details: { ...details, signature: stored.signature },
            });
            return { quarantined: true, document: null };
          }
          await recordAudit(tx, {
            action: 'document.upload',
            objectType: 'document',
            objectId: id,
            dataSubjectId: kase.primaryClientId,
            details,
          });
          return { quarantined: false, document: this.#present(tx, (await findDocument(tx, id))!, kase) };
        }),
      );
    } catch (error) {
      await this.#discard(id);
      throw error;
    }
    // A retried upload whose first attempt was recorded: the answer is the first one's, this copy goes.
    if (!applied) await this.#discard(id);
    if (outcome.quarantined) throw documentQuarantined();
    return outcome.document!;
  }

  async list(ctx: ActorContext, caseId: string, filter: { documentType?: DocumentType; after?: KeysetCursor; limit: number }) {
    return this.#db.transaction(ctx, async (tx) => {
      const kase = await this.#authorizedCase(tx, caseId, 'list');
      const { items: page, next } = pageOf(await listCaseDocuments(tx, caseId, filter), filter.limit);
      // Row-level security already leaves out what the actor may not read; the policy says so twice.
      const items = page
        .filter((row) => can(ctx.actor, documentPolicy, 'read', resourceOf(row, kase)))
        .map((row) => this.#present(tx, row, kase));
      await recordAudit(tx, {
        action: 'document.list',
        objectType: 'document',
        dataSubjectId: kase.primaryClientId,
        details: { caseId, count: items.length },
        objectIds: items.map((d) => d.id),
        dataSubjectIds: kase.primaryClientId ? [kase.primaryClientId] : [],
      });
      return { items, next: next && encodeCursor(next) };
    });
  }

  async get(ctx: ActorContext, id: string): Promise<DocumentView> {
    return this.#db.transaction(ctx, async (tx) => {
      const { row, kase } = await this.#authorizedDocument(tx, id, 'read');
      await recordAudit(tx, {
        action: 'document.read-metadata',
        objectType: 'document',
        objectId: id,
        dataSubjectId: kase?.primaryClientId ?? null,
        details: { caseId: row.case_id },
      });
      return this.#present(tx, row, kase);
    });
  }

  /** The decrypted content, opened once the read is authorised and audited. */
  async open(ctx: ActorContext, id: string): Promise<{ document: DocumentView; content: Readable }> {
    const opened: { content: Readable | null } = { content: null };
    try {
      const document = await this.#db.transaction(ctx, async (tx) => {
        const { row, kase } = await this.#authorizedDocument(tx, id, 'read');
        opened.content = await this.#blobs.open(id, row.wrapped_key!).catch((error: unknown) => {
          this.#log.error({ err: error, documentId: id }, 'the blob of a recorded document cannot be read');
          throw error;
        });
        await recordAudit(tx, {
          action: 'document.read',
          objectType: 'document',
          objectId: id,
          dataSubjectId: kase?.primaryClientId ?? null,
          details: { caseId: row.case_id, size: Number(row.size) },
        });
        return this.#present(tx, row, kase);
      });
      return { document, content: opened.content! };
    } catch (error) {
      opened.content?.destroy();
      throw error;
    }
  }

  async update(
    ctx: ActorContext,
    id: string,
    expectedVersion: number,
    changes: { filename?: string; documentType?: DocumentType; restricted?: boolean },
  ): Promise<DocumentView> {
    return this.#db.transaction(ctx, async (tx) => {
      const { row, kase } = await this.#authorizedDocument(tx, id, 'update', { forUpdate: true });
      if (row.version !== expectedVersion) throw AppError.preconditionFailed();
      if (changes.restricted === true && !readsRestricted(ctx.actor, kase!))
        throw AppError.forbidden('Marking a document restricted needs documents.read-restricted in the case’s unit.');
      let filename: string | undefined;
      if (changes.filename !== undefined) {
        const sanitised = sanitiseFilename(changes.filename);
        if (sanitised === '')
          throw AppError.badRequest('The file name is empty once unsafe characters are removed.', [
            { pointer: '/body/filename', detail: 'no usable characters' },
          ]);
        const extension = extensionOf(sanitised);
        if (extension !== '' && !(DOCUMENT_TYPES[row.content_type] ?? []).includes(extension)) {
          throw AppError.badRequest(`The document is ${row.content_type}; its name cannot end in .${extension}.`, [
            { pointer: '/body/filename', detail: 'the extension does not match the content' },
          ]);
        }
        filename = storedFilename(sanitised, row.content_type);
      }
      await updateDocument(tx, id, {
        ...(filename !== undefined ? { filename } : {}),
        ...(changes.documentType !== undefined ? { document_type: changes.documentType } : {}),
        ...(changes.restricted !== undefined ? { restricted: changes.restricted } : {}),
      });
      await recordAudit(tx, {
        action: 'document.update',
        objectType: 'document',
        objectId: id,
        dataSubjectId: kase?.primaryClientId ?? null,
        changedFields: Object.keys(changes),
        details: { caseId: row.case_id },
      });
      return this.#present(tx, (await findDocument(tx, id))!, kase);
    });
  }

  /**
   * Soft delete: the row stays (who uploaded what, when, and who deleted it why), its data key is
   * dropped in the same transaction (the blob becomes unreadable even if removing it fails), and the
   * blob is removed after the commit.
   */
  async delete(ctx: ActorContext, id: string, expectedVersion: number, reason: string): Promise<void> {
    await this.#db.transaction(ctx, async (tx) => {
      const { row, kase } = await this.#authorizedDocument(tx, id, 'delete', { forUpdate: true });
      if (row.version !== expectedVersion) throw AppError.preconditionFailed();
      await softDeleteDocument(tx, id, reason);
      await recordAudit(tx, {
        action: 'document.delete',
        objectType: 'document',
        objectId: id,
        dataSubjectId: kase?.primaryClientId ?? null,
        reason,
        details: { caseId: row.case_id, quarantined: row.quarantined },
      });
    });
    await this.#blobs
      .delete(id)
      .catch((error: unknown) =>
        this.#log.warn(
          { err: error, documentId: id },
          'a deleted document’s blob could not be removed (its key is gone: it is unreadable)',
        ),
      );
  }

  /** Quarantined documents, newest first, for security officers: no file names, no case content. */
  async quarantine(
    ctx: ActorContext,
    filter: { after?: KeysetCursor; limit: number },
  ): Promise<{ items: QuarantinedDocumentView[]; next: string | null }> {
    return this.#db.transaction(ctx, async (tx) => {
      const { items: page, next } = pageOf(await listQuarantined(tx, filter), filter.limit);
      await recordAudit(tx, {
        action: 'document.quarantine-list',
        objectType: 'document',
        details: { count: page.length },
        objectIds: page.map((row) => row.id),
      });
      return {
        items: page.map((row) => ({
          id: row.id,
          caseId: row.case_id,
          contentType: row.content_type,
          size: Number(row.size),
          sha256: row.sha256,
          signature: row.signature ?? '',
          uploadedBy: row.uploaded_by,
          uploadedAt: row.uploaded_at.toISOString(),
          version: row.version,
        })),
        next: next && encodeCursor(next),
      };
    });
  }
}
