// /persons: thin routes over PersonsService.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { PersonsService } from './persons.service.ts';
import { setEtag } from '../../kernel/http/concurrency.ts';
import { DateTime, Nullable, Reason, StringEnum, Uuid } from '../../kernel/http/schemas.ts';

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const AddressSchema = Type.Object(
  {
    postcode: Type.String({ maxLength: 7, description: '1234AB' }),
    huisnummer: Type.Integer({ minimum: 1, maximum: 99999 }),
    toevoeging: Type.Optional(Nullable(Text(10))),
    street: Type.Optional(Nullable(Text(200))),
    city: Type.Optional(Nullable(Text(100))),
    country: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
  },
  { additionalProperties: false },
);
const Fields = {
  voornamen: Type.Optional(Nullable(Text(200))),
  roepnaam: Type.Optional(Nullable(Text(100))),
  tussenvoegsel: Type.Optional(Nullable(Text(20))),
  // The table's check (date_of_birth > '1890-01-01'), said in the schema so the field is named.
  dateOfBirth: Type.Optional(
    Nullable(Type.String({ format: 'date', formatExclusiveMinimum: '1890-01-01', description: 'After 1890-01-01' })),
  ),
  bsn: Type.Optional(Nullable(Type.String({ pattern: '^[0-9 .-]{8,12}$', description: 'Validated with the elfproef; stored encrypted' }))),
  phones: Type.Optional(Type.Array(Type.String({ maxLength: 30 }), { maxItems: 10 })),
  emails: Type.Optional(Type.Array(Type.String({ format: 'email', maxLength: 254 }), { maxItems: 10 })),
  address: Type.Optional(Nullable(AddressSchema)),
  preferredLanguage: Type.Optional(Type.String({ pattern: '^[a-z]{2,3}$' })),
  interpreterNeeded: Type.Optional(Type.Boolean()),
  confidentialAddress: Type.Optional(Type.Boolean()),
  vulnerabilities: Type.Optional(
    Type.Array(StringEnum(['minor', 'cognitive', 'psychological', 'language', 'dependency', 'other']), { uniqueItems: true }),
  ),
};
const PersonSchema = Type.Object({
  id: Uuid,
  voornamen: Nullable(Type.String()),
  roepnaam: Nullable(Type.String()),
  tussenvoegsel: Nullable(Type.String()),
  achternaam: Type.String(),
  displayName: Type.String(),
  dateOfBirth: Nullable(Type.String({ format: 'date' })),
  hasBsn: Type.Boolean({ description: 'The BSN itself is never in this answer: POST /persons/{personId}/bsn/reveal (audited)' }),
  phones: Type.Array(Type.String()),
  emails: Type.Array(Type.String()),
  address: Nullable(
    Type.Object({
      postcode: Type.String(),
      huisnummer: Type.Integer(),
      toevoeging: Nullable(Type.String()),
      street: Nullable(Type.String()),
      city: Nullable(Type.String()),
      country: Type.String(),
    }),
  ),
  addressHidden: Type.Boolean({ description: 'The address is confidential and you may not see it' }),
  preferredLanguage: Type.String(),
  interpreterNeeded: Type.Boolean(),
  confidentialAddress: Type.Boolean(),
  vulnerabilities: Type.Array(Type.String()),
  mergedInto: Nullable(Uuid),
  version: Type.Integer(),
  allowedActions: Type.Array(Type.String()),
});
const ConsentSchema = Type.Object({
  id: Uuid,
  subject: Type.String(),
  given: Type.Boolean(),
  source: Type.String(),
  recordedAt: DateTime,
  note: Nullable(Type.String()),
});

export function personsRoutes(persons: PersonsService): FastifyPluginAsyncTypebox {
  return async (app) => {
    const tags = ['persons'];
    app.post(
      '/',
      {
        config: { access: { permission: 'persons.create' }, idempotency: true },
        schema: {
          tags,
          summary: 'Register a person (client)',
          description:
            'Refused with 409 possible-duplicate when a person with the same BSN exists, or similar persons (same date of birth, similar name) exist and confirmNoDuplicate is not true. The problem lists the duplicates you may see and counts the others.',
          body: Type.Object(
            { ...Fields, achternaam: Text(200), confirmNoDuplicate: Type.Optional(Type.Boolean()) },
            { additionalProperties: false },
          ),
          response: { 201: PersonSchema },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await persons.create(request.actorContext(), request.body as Parameters<PersonsService['create']>[1])),
    );

    app.get(
      '/:personId',
      {
        config: { access: { authenticated: true } },
        schema: {
          tags,
          summary: 'One person (audited); 404 when not visible to you',
          params: Type.Object({ personId: Uuid }),
          response: { 200: PersonSchema },
        },
      },
      async (request, reply) => {
        const person = await persons.get(request.actorContext(), request.params.personId);
        setEtag(reply, 'person', person.id, person.version);
        return person;
      },
    );

    app.post(
      '/:personId/bsn/reveal',
      {
        config: { access: { permission: 'persons.read-bsn' } },
        schema: {
          tags,
          summary: 'Show the person’s BSN (audited as person.bsn-reveal); 404 when not visible to you',
          description: 'A person’s answers never carry the BSN: a screen shows it masked until the user asks for it here.',
          params: Type.Object({ personId: Uuid }),
          body: Type.Object({}, { additionalProperties: false }),
          response: { 200: Type.Object({ bsn: Nullable(Type.String({ description: 'Nine digits; null when none is known' })) }) },
        },
      },
      async (request) => persons.revealBsn(request.actorContext(), request.params.personId),
    );

    app.get(
      '/:personId/consents',
      {
        config: { access: { authenticated: true } },
        schema: {
          tags,
          summary: 'The person’s consents, newest first (audited); 404 when not visible to you',
          params: Type.Object({ personId: Uuid }),
          response: { 200: Type.Object({ items: Type.Array(ConsentSchema) }) },
        },
      },
      async (request) => ({ items: await persons.listConsents(request.actorContext(), request.params.personId) }),
    );

    app.patch(
      '/:personId',
      {
        config: { access: { permission: 'persons.update' } },
        schema: {
          tags,
          summary: 'Change a person; a stale version gets 412',
          params: Type.Object({ personId: Uuid }),
          body: Type.Object({ ...Fields, achternaam: Type.Optional(Text(200)), version: Type.Integer() }, { additionalProperties: false }),
          response: { 200: PersonSchema },
        },
      },
      async (request) =>
        persons.update(request.actorContext(), request.params.personId, request.body as Parameters<PersonsService['update']>[2]),
    );

    app.post(
      '/:personId/consents',
      {
        config: { access: { permission: 'persons.update' } },
        schema: {
          tags,
          summary: 'Record a consent (what, given or withdrawn, from which source)',
          params: Type.Object({ personId: Uuid }),
          body: Type.Object(
            {
              subject: StringEnum([
                'support',
                'data-sharing-police',
                'data-sharing-partners',
                'contact-by-email',
                'contact-by-sms',
                'research',
              ]),
              given: Type.Boolean(),
              source: StringEnum(['client', 'police', 'prosecutor', 'legal-representative', 'parent-or-guardian', 'other']),
              note: Type.Optional(Nullable(Text(1000))),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ items: Type.Array(ConsentSchema) }) },
        },
      },
      async (request) => ({ items: await persons.recordConsent(request.actorContext(), request.params.personId, request.body) }),
    );

    app.post(
      '/:personId/merge',
      {
        config: { access: { permission: 'persons.merge' } },
        schema: {
          tags,
          summary: 'Merge a duplicate into this person (its case participations move here; the duplicate stays as history)',
          params: Type.Object({ personId: Uuid }),
          body: Type.Object({ duplicateId: Uuid, reason: Reason }, { additionalProperties: false }),
          response: { 200: PersonSchema },
        },
      },
      async (request) => persons.merge(request.actorContext(), request.params.personId, request.body.duplicateId, request.body.reason),
    );
  };
}
