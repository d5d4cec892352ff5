// POST /search: thin route over SearchService. POST, not GET: the terms are personal data (a BSN, a
// name, a phone number) and must not end up in URLs, proxy logs or browser histories (docs/api.md).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Nullable, StringEnum, Uuid } from '../../kernel/http/schemas.ts';
import type { SearchService } from './search.service.ts';
import { SEARCH } from './search.permissions.ts';

const Score = Type.Number({
  description:
    'Higher is a better match: BSN, case number and police reference count 3, e-mail and phone 2, postcode 1, house number and date of birth 0.5, the name its similarity (0-1)',
});
const MatchedOn = Type.Array(Type.String(), { description: 'The kinds of terms this result matched, e.g. ["name", "date-of-birth"]' });

const ResultSchema = Type.Object({
  persons: Type.Array(
    Type.Object({
      id: Uuid,
      displayName: Type.String(),
      dateOfBirth: Nullable(Type.String({ format: 'date' })),
      matchedOn: MatchedOn,
      score: Score,
    }),
  ),
  cases: Type.Array(
    Type.Object({
      id: Uuid,
      number: Type.String(),
      status: Type.String(),
      owningUnitId: Uuid,
      matchedOn: MatchedOn,
      score: Score,
    }),
  ),
  terms: Type.Array(Type.String(), {
    description:
      'The kinds of terms read from the query (bsn, date-of-birth, phone, email, postcode, house-number, case-number, police-reference, name, unrecognised)',
  }),
  nameMatching: Nullable(StringEnum(['exact', 'similar']), {
    description:
      "How the name words matched: 'exact' (whole words; similar names are tried only when no exact match is visible to you), 'similar' (typo-tolerant), null without name words",
  }),
  tooBroad: Type.Boolean({
    description:
      'The name, phone or e-mail matched more than 5,000 persons (visible to you or not), so no persons are listed: add a first name, date of birth or postcode',
  }),
});

export function searchRoutes(search: SearchService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/',
      {
        config: { access: { permission: SEARCH } },
        schema: {
          tags: ['search'],
          summary: 'Search persons and cases you can see, with one query',
          description:
            'The query is read into terms: a BSN (nine digits, elfproef; needs persons.read-bsn), a date of birth (12-03-1984, 1984-03-12), ' +
            'a phone number (any notation), an e-mail address, a postcode with optional house number (1234 AB 12), a case number (2026-000123), ' +
            'a police reference (PL0900-2026123456); the remaining words are the name (typo-tolerant, accents ignored). All terms must match. ' +
            'Only persons and cases you may see are found. Every search is audited, without the query text.',
          body: Type.Object(
            {
              query: Type.String({ minLength: 1, maxLength: 200 }),
              types: Type.Optional(Type.Array(StringEnum(['persons', 'cases']), { minItems: 1, uniqueItems: true })),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, description: 'Per type; default 20' })),
            },
            { additionalProperties: false },
          ),
          response: { 200: ResultSchema },
        },
      },
      async (request) => search.search(request.actorContext(), request.body),
    );
  };
}
