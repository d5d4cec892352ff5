// /audit/verification, /audit/verification/runs, /audit/checkpoints, /audit/retention-boundaries and
// /audit/keys: the tamper evidence of the audit trail for holders of audit.verify (security officers, IT
// operations). Thin: validate -> VerificationService -> answer. Each read is audited.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Page, pageQuery } from '../../../kernel/http/schemas.ts';
import { AUDIT_VERIFY } from '../audit.permissions.ts';
import {
  CheckpointSchema,
  KeySchema,
  numberFromCursor,
  RetentionBoundarySchema,
  RunSchema,
  StatusSchema,
} from './verification.presenter.ts';
import type { VerificationService } from './verification.service.ts';

const tags = ['audit'];
const access = { permission: AUDIT_VERIFY };
const PageQuery = Type.Object(pageQuery({ maximum: 100, default: 20 }), { additionalProperties: false });

/** Mounted at /audit. */
export function verificationRoutes(service: VerificationService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/verification',
      {
        config: { access },
        schema: {
          tags,
          summary:
            'The audit trail’s tamper evidence: the sealed tree, the newest checkpoint, the last verification and the last that passed (audited)',
          response: { 200: StatusSchema },
        },
      },
      async (request) => service.status(request.actorContext()),
    );

    app.get(
      '/verification/runs',
      {
        config: { access },
        schema: {
          tags,
          summary: 'Verification runs, newest first, with their range, checkpoint, result and first bad position (audited)',
          querystring: PageQuery,
          response: { 200: Page(RunSchema) },
        },
      },
      async (request) =>
        service.runs(request.actorContext(), { limit: request.query.limit, before: numberFromCursor(request.query.after) }),
    );

    app.get(
      '/checkpoints',
      {
        config: { access },
        schema: {
          tags,
          summary: 'Signed checkpoints (C2SP tlog-checkpoint notes), newest first, with when each reached the witness store (audited)',
          querystring: PageQuery,
          response: { 200: Page(CheckpointSchema) },
        },
      },
      async (request) =>
        service.checkpoints(request.actorContext(), { limit: request.query.limit, before: numberFromCursor(request.query.after) }),
    );

    app.get(
      '/retention-boundaries',
      {
        config: { access },
        schema: {
          tags,
          summary:
            'Signed retention notes, newest first: the boundary below which expired events were removed, and the rules applied (audited)',
          querystring: PageQuery,
          response: { 200: Page(RetentionBoundarySchema) },
        },
      },
      async (request) =>
        service.retentionBoundaries(request.actorContext(), { limit: request.query.limit, before: numberFromCursor(request.query.after) }),
    );

    app.get(
      '/keys',
      {
        config: { access },
        schema: {
          tags,
          summary: 'The public keys that sign the checkpoints, as signed-note verifier keys (audited)',
          response: { 200: Type.Object({ origin: Type.String(), keys: Type.Array(KeySchema) }) },
        },
      },
      async (request) => service.keys(request.actorContext()),
    );
  };
}
