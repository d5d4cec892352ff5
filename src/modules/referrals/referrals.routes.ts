// /referrals (staff) and /integration/referrals (chain partners): thin routes over ReferralsService.
import { afterOf } from '../../kernel/http/cursor.ts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError } from '../../kernel/errors.ts';
import { setEtag } from '../../kernel/http/concurrency.ts';
import { idempotencyClaim } from '../../kernel/http/idempotency.ts';
import { DateTime, Nullable, Page, pageQuery, Reason, StringEnum, Uuid } from '../../kernel/http/schemas.ts';
import type { ReferralsService } from './referrals.service.ts';
import { ConvertBody, NewAttempt, PartnerReferral, Referral, ReferralListItem, StaffReferral, Status } from './referrals.schemas.ts';

const ReferralParams = Type.Object({ referralId: Uuid });

export function referralsRoutes(referrals: ReferralsService): FastifyPluginAsyncTypebox {
  return async (app) => {
    const tags = ['referrals'];
    app.get(
      '/',
      {
        config: { access: { authenticated: true } },
        schema: {
          tags,
          summary:
            'Referrals in first-contact deadline order (overdue first): the team queue (units where you hold referrals.read-unit), mine (assigned to me) or all you can see',
          querystring: Type.Object(
            {
              view: StringEnum(['queue', 'mine', 'all'], { default: 'queue' }),
              unitId: Type.Optional(Uuid),
              status: Type.Optional(Status),
              ...pageQuery(),
            },
            { additionalProperties: false },
          ),
          response: { 200: Page(ReferralListItem) },
        },
      },
      async (request) => {
        const { after, ...query } = request.query;
        return referrals.list(request.actorContext(), { ...query, ...afterOf(after) });
      },
    );

    app.post(
      '/',
      {
        config: { access: { permission: 'referrals.create' }, idempotency: true },
        schema: {
          tags,
          summary: 'Register a referral that came in by phone, e-mail, letter, web form or in person',
          body: StaffReferral,
          response: { 201: Referral },
        },
      },
      async (request, reply) => {
        const referral = await referrals.create(request.actorContext(), request.body);
        setEtag(reply, 'referral', referral.id, referral.version);
        return reply.code(201).send(referral);
      },
    );

    app.get(
      '/:referralId',
      {
        config: { access: { authenticated: true } },
        schema: {
          tags,
          summary: 'One referral with its payload and contact attempts (audited); 404 when not visible to you',
          params: ReferralParams,
          response: { 200: Referral },
        },
      },
      async (request, reply) => {
        const referral = await referrals.get(request.actorContext(), request.params.referralId);
        setEtag(reply, 'referral', referral.id, referral.version);
        return referral;
      },
    );

    app.post(
      '/:referralId/assign',
      {
        config: { access: { authenticated: true } },
        schema: {
          tags,
          summary:
            'Assign the referral (referrals.assign), take it from your team’s queue (userId: yourself), or give it back (userId: null)',
          params: ReferralParams,
          body: Type.Object({ version: Type.Integer(), userId: Nullable(Uuid) }, { additionalProperties: false }),
          response: { 200: Referral },
        },
      },
      async (request, reply) => {
        const referral = await referrals.assign(request.actorContext(), request.params.referralId, request.body);
        setEtag(reply, 'referral', referral.id, referral.version);
        return referral;
      },
    );

    app.post(
      '/:referralId/attempts',
      {
        config: { access: { authenticated: true } },
        schema: {
          tags,
          summary:
            'Record a contact attempt; after CASUS_REFERRAL_MAX_ATTEMPTS failures the referral is "not reached" and the team gets a letter task',
          params: ReferralParams,
          body: NewAttempt,
          response: { 201: Referral },
        },
      },
      async (request, reply) => {
        const referral = await referrals.recordAttempt(request.actorContext(), request.params.referralId, request.body);
        setEtag(reply, 'referral', referral.id, referral.version);
        return reply.code(201).send(referral);
      },
    );

    app.post(
      '/:referralId/convert',
      {
        config: { access: { permission: 'referrals.convert' } },
        schema: {
          tags,
          summary:
            'Convert the referral to a case in its unit, with a person you can see (personId) or a new one (person, with the duplicate check)',
          description: 'A possible duplicate of a new person answers 409 possible-duplicate (see POST /persons) and changes nothing.',
          params: ReferralParams,
          body: ConvertBody,
          response: { 200: Type.Object({ referral: Referral, case: Type.Object({ id: Uuid, number: Type.String() }) }) },
        },
      },
      async (request, reply) => {
        const converted = await referrals.convert(request.actorContext(), request.params.referralId, request.body);
        setEtag(reply, 'referral', converted.referral.id, converted.referral.version);
        return converted;
      },
    );

    app.post(
      '/:referralId/close',
      {
        config: { access: { permission: 'referrals.convert' } },
        schema: {
          tags,
          summary: 'Close the referral as a duplicate or declined, with a reason',
          params: ReferralParams,
          body: Type.Object(
            { version: Type.Integer(), status: StringEnum(['duplicate', 'declined']), reason: Reason },
            { additionalProperties: false },
          ),
          response: { 200: Referral },
        },
      },
      async (request, reply) => {
        const referral = await referrals.close(request.actorContext(), request.params.referralId, request.body);
        setEtag(reply, 'referral', referral.id, referral.version);
        return referral;
      },
    );
  };
}

/** The chain partners' endpoint, on the integration surface (its own network allowlist). */
export function integrationRoutes(referrals: ReferralsService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/',
      {
        config: { access: { permission: 'referrals.submit' }, surface: 'integration', idempotency: 'transactional' },
        schema: {
          tags: ['integration'],
          summary: 'Submit a referral (chain partners’ systems, with an API token); Idempotency-Key required',
          description:
            'The referral goes to the queue of the team named by unitCode, or of CASUS_REFERRAL_DEFAULT_UNIT. Send a new Idempotency-Key per referral and the same key on every retry: a retry never makes a second referral.',
          body: PartnerReferral,
          response: { 201: Type.Object({ id: Uuid, receivedAt: DateTime }) },
        },
      },
      async (request, reply) => {
        const claim = idempotencyClaim(request);
        if (!claim)
          throw AppError.badRequest('Send an Idempotency-Key with every referral, and the same key when you retry it.', [
            { pointer: '/headers/idempotency-key', detail: 'required' },
          ]);
        return reply.code(201).send(await referrals.submit(request.actorContext(), request.body, claim));
      },
    );
  };
}
