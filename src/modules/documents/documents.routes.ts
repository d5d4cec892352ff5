// /cases/{caseId}/documents and /documents: thin routes over DocumentsService.
//
// Uploads are raw bodies (`Content-Type: application/octet-stream`), not multipart: the file streams
// from the socket into the blob store and is never buffered. The upload route has its own content-type
// parser, in its own encapsulated plugin, that hands the request stream to the handler and leaves the
// parsed body as '' (which satisfies the route's `format: binary` body schema: the kernel requires a
// body schema on every POST, and the content itself is checked by the blob store, not by JSON Schema).
// A custom parser is not subject to Fastify's body limit; the route's bodyLimit says what the blob
// store enforces (CASUS_DOCUMENT_MAX_BYTES, 413 past it), and a Content-Length over it is refused
// before anything is read.
import { afterOf } from '../../kernel/http/cursor.ts';
import type { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../kernel/errors.ts';
import { expectedVersion, setEtag } from '../../kernel/http/concurrency.ts';
import { idempotencyClaim } from '../../kernel/http/idempotency.ts';
import { DateTime, Nullable, Page, pageQuery, Reason, StringEnum, Uuid } from '../../kernel/http/schemas.ts';
import type { DocumentsService } from './documents.service.ts';
import { DOCUMENT_TYPE_KEYS } from './documents.tables.ts';
import { attachmentDisposition, filenameFromDisposition, MAX_FILENAME_LENGTH } from './filenames.ts';

const DocumentTypeSchema = StringEnum(DOCUMENT_TYPE_KEYS, { description: 'What the document is' });
/** The upload's body as the route sees it: '' (the bytes stream past JSON Schema, see the parser below). */
const UploadBody = Type.Unsafe<string>({ type: 'string', format: 'binary', description: 'The file' });
const Content = Type.Unsafe<Readable>({ type: 'string', format: 'binary', description: 'The file' });
const NoContent = Type.Null({ description: 'Done' });
const DocumentParams = Type.Object({ documentId: Uuid });

const DocumentSchema = Type.Object({
  id: Uuid,
  caseId: Uuid,
  filename: Type.String({ maxLength: MAX_FILENAME_LENGTH }),
  contentType: Type.String({ description: 'The type found in the content (not the one the uploader declared)' }),
  size: Type.Integer({ description: 'Bytes' }),
  sha256: Type.String({ description: 'Hex SHA-256 of the content' }),
  documentType: DocumentTypeSchema,
  restricted: Type.Boolean({ description: 'Only for holders of documents.read-restricted in the case’s unit' }),
  uploadedBy: Nullable(Uuid),
  uploadedAt: DateTime,
  updatedAt: DateTime,
  version: Type.Integer({ description: 'Send back on changes; a stale version gets 412' }),
  allowedActions: Type.Array(Type.String()),
});

const QuarantinedSchema = Type.Object({
  id: Uuid,
  caseId: Uuid,
  contentType: Type.String(),
  size: Type.Integer(),
  sha256: Type.String(),
  signature: Type.String({ description: 'What the virus scanner found' }),
  uploadedBy: Nullable(Uuid),
  uploadedAt: DateTime,
  version: Type.Integer(),
});

export function caseDocumentsRoutes(documents: DocumentsService, options: { maxBytes: number }): FastifyPluginAsyncTypebox {
  return async (app) => {
    const tags = ['documents'];

    await app.register(async (instance) => {
      const upload = instance.withTypeProvider<TypeBoxTypeProvider>();
      const streams = new WeakMap<FastifyRequest, Readable>();
      upload.addContentTypeParser('application/octet-stream', (request, payload, done) => {
        streams.set(request, payload);
        done(null, '');
      });
      upload.post(
        '/:caseId/documents',
        {
          // Documentation: the parser above does not buffer, so Fastify's limit does not apply to it.
          bodyLimit: options.maxBytes + 65536,
          config: { access: { authenticated: true }, idempotency: 'transactional' },
          schema: {
            tags,
            summary: 'Upload a document to a case (raw body, application/octet-stream); its type is found in its content',
            description:
              'Send the file as the body with `Content-Type: application/octet-stream` and its name in `Content-Disposition` ' +
              "(`attachment; filename*=UTF-8''<percent-encoded name>`). The content must be a document type Casus accepts and agree with the " +
              'name’s extension (400 document-refused), at most CASUS_DOCUMENT_MAX_BYTES (413). When the virus scanner finds something the ' +
              'document is quarantined and the answer is 422 document-quarantined. Needs what changing the case needs; restricted documents ' +
              'also documents.read-restricted.',
            consumes: ['application/octet-stream'],
            params: Type.Object({ caseId: Uuid }),
            querystring: Type.Object(
              {
                documentType: Type.Optional(DocumentTypeSchema),
                restricted: Type.Boolean({ default: false }),
              },
              { additionalProperties: false },
            ),
            headers: Type.Object({
              'content-disposition': Type.Optional(
                Type.String({ maxLength: 4096, description: "The file's name: attachment; filename*=UTF-8''…" }),
              ),
            }),
            body: UploadBody,
            response: { 201: DocumentSchema },
          },
        },
        async (request, reply) => {
          const body = streams.get(request);
          if (!body)
            throw new AppError({
              status: 415,
              code: 'unsupported-media-type',
              title: 'Unsupported media type',
              detail: 'Send the file as application/octet-stream.',
            });
          const length = Number(request.headers['content-length']);
          const document = await documents.upload(request.actorContext(), request.params.caseId, {
            filename: filenameFromDisposition(request.headers['content-disposition']),
            documentType: request.query.documentType ?? 'other',
            restricted: request.query.restricted,
            body,
            declaredLength: Number.isSafeInteger(length) ? length : null,
            idempotency: idempotencyClaim(request),
          });
          return reply.code(201).header('Location', `/api/v1/documents/${document.id}`).send(document);
        },
      );
    });

    app.get(
      '/:caseId/documents',
      {
        config: { access: { authenticated: true } },
        schema: {
          tags,
          summary: 'The documents of a case you can see, newest first (restricted ones only with documents.read-restricted)',
          params: Type.Object({ caseId: Uuid }),
          querystring: Type.Object({ documentType: Type.Optional(DocumentTypeSchema), ...pageQuery() }, { additionalProperties: false }),
          response: { 200: Page(DocumentSchema) },
        },
      },
      async (request) => {
        const { after, documentType, limit } = request.query;
        return documents.list(request.actorContext(), request.params.caseId, {
          limit,
          ...(documentType ? { documentType } : {}),
          ...afterOf(after),
        });
      },
    );
  };
}

export function documentRoutes(documents: DocumentsService, options: { onClose?: () => Promise<void> } = {}): FastifyPluginAsyncTypebox {
  return async (app) => {
    const tags = ['documents'];
    if (options.onClose) app.addHook('onClose', options.onClose);

    app.get(
      '/quarantine',
      {
        config: { access: { permission: 'documents.manage-quarantine' } },
        schema: {
          tags,
          summary: 'Documents the virus scanner quarantined, newest first (no names, no case content)',
          querystring: Type.Object(pageQuery(), { additionalProperties: false }),
          response: { 200: Page(QuarantinedSchema) },
        },
      },
      async (request) => {
        return documents.quarantine(request.actorContext(), { limit: request.query.limit, ...afterOf(request.query.after) });
      },
    );

    app.get(
      '/:documentId',
      {
        config: { access: { authenticated: true } },
        schema: { tags, summary: 'One document’s description (audited)', params: DocumentParams, response: { 200: DocumentSchema } },
      },
      async (request, reply) => {
        const document = await documents.get(request.actorContext(), request.params.documentId);
        setEtag(reply, 'document', document.id, document.version);
        return document;
      },
    );

    app.get(
      '/:documentId/content',
      {
        // A HEAD would decrypt the whole file to throw it away, and be audited as a read.
        exposeHeadRoute: false,
        config: { access: { authenticated: true } },
        schema: {
          tags,
          summary: 'Download the document (decrypted; audited as a read)',
          description:
            'Always an attachment, with the type found at upload, `nosniff` and a sandboxing Content-Security-Policy, never cached.',
          params: DocumentParams,
          response: { 200: Content },
        },
      },
      async (request, reply) => {
        const { document, content } = await documents.open(request.actorContext(), request.params.documentId);
        return (
          reply
            .type(document.contentType)
            .header('Content-Length', String(document.size))
            .header('Content-Disposition', attachmentDisposition(document.filename))
            .header('X-Content-Type-Options', 'nosniff')
            // Even a document a browser could render (PDF, an image) gets no script, no origin, no plugins.
            .header('Content-Security-Policy', "sandbox; default-src 'none'; frame-ancestors 'none'")
            .header('Cache-Control', 'no-store')
            .send(content)
        );
      },
    );

    app.patch(
      '/:documentId',
      {
        config: { access: { authenticated: true }, concurrency: 'if-match' },
        schema: {
          tags,
          summary: 'Rename a document, change its type, or (un)mark it restricted',
          params: DocumentParams,
          body: Type.Object(
            {
              version: Type.Optional(Type.Integer()),
              filename: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
              documentType: Type.Optional(DocumentTypeSchema),
              restricted: Type.Optional(Type.Boolean()),
            },
            { additionalProperties: false, minProperties: 1 },
          ),
          response: { 200: DocumentSchema },
        },
      },
      async (request, reply) => {
        const { documentId } = request.params;
        const { version: _version, ...changes } = request.body;
        const document = await documents.update(
          request.actorContext(),
          documentId,
          expectedVersion(request, 'document', documentId),
          changes,
        );
        setEtag(reply, 'document', document.id, document.version);
        return document;
      },
    );

    app.post(
      '/:documentId/delete',
      {
        config: { access: { authenticated: true }, concurrency: 'if-match' },
        schema: {
          tags,
          summary: 'Delete a document, with a reason: its content is destroyed, its record and audit trail stay',
          params: DocumentParams,
          body: Type.Object({ version: Type.Optional(Type.Integer()), reason: Reason }, { additionalProperties: false }),
          response: { 204: NoContent },
        },
      },
      async (request, reply) => {
        const { documentId } = request.params;
        await documents.delete(request.actorContext(), documentId, expectedVersion(request, 'document', documentId), request.body.reason);
        return reply.code(204).send(null);
      },
    );
  };
}
