// /privacy/persons/{personId}/…: data-subject requests over HTTP, for holders of
// privacy.subject-access. Thin: validate -> SubjectAccessService -> answer. POST, because the request's
// reason (its reference, perhaps a name) goes in the body, never in a URL; each answer is audited.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Uuid } from '../../../kernel/http/schemas.ts';
import { PRIVACY_SUBJECT_ACCESS } from '../privacy.permissions.ts';
import { subjectAccessPdf } from './subject-access.pdf.ts';
import { RectificationHistory, RequestBody, SearchAnswer, SearchBody, SubjectAccessExport } from './subject-access.schemas.ts';
import type { SubjectAccessService } from './subject-access.service.ts';

const tags = ['privacy'];
const params = Type.Object({ personId: Uuid });
const PdfFile = Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'PDF document' });
const ACCESS = { permission: PRIVACY_SUBJECT_ACCESS };
const WHY =
  'Reads past case visibility (shielded cases too), through functions that check privacy.subject-access in the database; audited with the person as data subject and the reason. 404 when there is no such person.';

export function subjectAccessRoutes(service: SubjectAccessService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/search',
      {
        config: { access: ACCESS },
        schema: {
          tags,
          summary: 'Find the person a data-subject request is from: by BSN, or by surname and date of birth',
          description:
            'Matched as the duplicate check matches, across every case (the privacy officer works on none); audited with the persons found as data subjects. 400 without a BSN or a surname and date of birth.',
          body: SearchBody,
          response: { 200: SearchAnswer },
        },
      },
      async (request) => {
        const { reason, ...query } = request.body;
        return { items: await service.find(request.actorContext(), query, reason) };
      },
    );

    app.post(
      '/:personId/subject-access',
      {
        config: { access: ACCESS },
        schema: {
          tags,
          summary:
            'Everything Casus holds about one person (GDPR art. 15): person, cases, contact, documents, referrals, tasks, who saw them',
          description: `Only what concerns the person: their own participations, contact with them or (as primary client) about their case, never what concerns others sharing a case, whose names are struck from free text. ${WHY}`,
          params,
          body: RequestBody,
          response: { 200: SubjectAccessExport },
        },
      },
      async (request) => service.export(request.actorContext(), request.params.personId, request.body.reason, 'json'),
    );

    app.post(
      '/:personId/subject-access.pdf',
      {
        config: { access: ACCESS },
        schema: {
          tags,
          summary: 'The same export as a PDF for the person who asked (Dutch)',
          description: WHY,
          params,
          body: RequestBody,
          response: { 200: { content: { 'application/pdf': { schema: PdfFile } } } },
        },
      },
      async (request, reply) => {
        const data = await service.export(request.actorContext(), request.params.personId, request.body.reason, 'pdf');
        return reply
          .type('application/pdf')
          .header('Content-Disposition', `attachment; filename="inzage-${data.dataSubjectId}.pdf"`)
          .send(await subjectAccessPdf(data));
      },
    );

    app.post(
      '/:personId/rectification-history',
      {
        config: { access: ACCESS },
        schema: {
          tags,
          summary: 'Who changed which of the person’s data when (from the audit trail; earlier values are not kept)',
          description: WHY,
          params,
          body: RequestBody,
          response: { 200: RectificationHistory },
        },
      },
      async (request) => service.rectificationHistory(request.actorContext(), request.params.personId, request.body.reason),
    );
  };
}
