// One query box over persons and cases. The query is read into terms (search.query.ts); terms narrow
// each other (AND), also across the two: "2026-000123 Jansen" finds the Jansen in that case, and that
// case only if a Jansen takes part. Row-level security decides what is found; the BSN needs
// persons.read-bsn (a volunteer could otherwise learn whose BSN she typed), an address search finds
// confidential addresses only for persons.read-confidential-address. Every search is audited with the
// kinds of terms and the ids found, never the query text (it may hold a BSN, a name or a phone number).
import type { ActorContext } from '../../kernel/auth/actor.ts';
import { hasPermission } from '../../kernel/auth/permissions.ts';
import { recordAudit } from '../../kernel/audit/audit.ts';
import type { KeyRing } from '../../kernel/crypto/keyring.ts';
import type { Database, Tx } from '../../kernel/db/database.ts';
import { AppError } from '../../kernel/errors.ts';
import { BSN_PURPOSE, displayNameOf } from '../persons/index.ts';
import { hasCaseTerms, hasPersonTerms, parseQuery, termKinds, type ParsedQuery, type TermKind } from './search.query.ts';
import { findCases, findPersons, type NameMatching } from './search.repository.ts';

export type SearchType = 'persons' | 'cases';

export interface SearchInput {
  query: string;
  types?: SearchType[];
  limit?: number;
}

export interface PersonHit {
  id: string;
  displayName: string;
  dateOfBirth: string | null;
  matchedOn: TermKind[];
  score: number;
}

export interface CaseHit {
  id: string;
  number: string;
  status: string;
  owningUnitId: string;
  matchedOn: TermKind[];
  score: number;
}

export interface SearchResult {
  persons: PersonHit[];
  cases: CaseHit[];
  terms: TermKind[];
  tooBroad: boolean;
  nameMatching: NameMatching | null;
}

export const DEFAULT_LIMIT = 20;
/** How many cases (or persons) one side may hand the other to narrow by. */
const NARROWING_CAP = 200;

// Exact identifiers first, then the contact details, then the address; the name adds its similarity.
const WEIGHTS: Partial<Record<TermKind, number>> = {
  bsn: 3,
  'case-number': 3,
  'police-reference': 3,
  email: 2,
  phone: 2,
  postcode: 1,
  'house-number': 0.5,
  'date-of-birth': 0.5,
};
const PERSON_KINDS: TermKind[] = ['bsn', 'date-of-birth', 'phone', 'email', 'postcode', 'house-number', 'name'];
const CASE_KINDS: TermKind[] = ['case-number', 'police-reference'];

const round = (n: number) => Math.round(n * 1000) / 1000;
const weight = (kinds: TermKind[]) => kinds.reduce((sum, kind) => sum + (WEIGHTS[kind] ?? 0), 0);

export class SearchService {
  readonly #db: Database;
  readonly #keys: KeyRing;

  constructor(db: Database, keys: KeyRing) {
    this.#db = db;
    this.#keys = keys;
  }

  async search(ctx: ActorContext, input: SearchInput): Promise<SearchResult> {
    if (input.query.trim() === '')
      throw AppError.badRequest('The query is empty.', [
        {
          pointer: '/body/query',
          detail: 'type a name, date of birth, BSN, phone number, e-mail address, postcode, case number or police reference',
        },
      ]);
    const parsed = parseQuery(input.query);
    const terms = termKinds(parsed);
    const types = input.types ?? ['persons', 'cases'];
    const limit = Math.min(input.limit ?? DEFAULT_LIMIT, 50);
    if (parsed.bsn && !hasPermission(ctx.actor, 'persons.read-bsn')) {
      // Its own transaction: the refusal is recorded, and then the request fails.
      await this.#db.transaction(ctx, (tx) =>
        recordAudit(tx, {
          action: 'search.query',
          objectType: 'search',
          result: 'denied',
          reason: 'searching by BSN needs persons.read-bsn',
          details: { terms, types },
        }),
      );
      throw AppError.forbidden('You may not search by BSN.');
    }
    return this.#db.transaction(ctx, async (tx) => {
      const result = await this.#run(tx, parsed, types, limit);
      // Who appeared in whose result list: a list of names and dates of birth is a read of personal data.
      // The persons listed are its data subjects; the persons and cases listed its objects.
      const personIds = result.persons.map((p) => p.id);
      await recordAudit(tx, {
        action: 'search.query',
        objectType: 'search',
        details: {
          terms,
          types,
          persons: result.persons.length,
          cases: result.cases.length,
          tooBroad: result.tooBroad,
          nameMatching: result.nameMatching,
        },
        objectIds: [...personIds, ...result.cases.map((c) => c.id)],
        dataSubjectIds: personIds,
      });
      return { ...result, terms };
    });
  }

  async #run(tx: Tx, parsed: ParsedQuery, types: SearchType[], limit: number): Promise<Omit<SearchResult, 'terms'>> {
    const personTerms = hasPersonTerms(parsed);
    const caseTerms = hasCaseTerms(parsed);
    const caseCriteria = {
      ...(parsed.caseNumber ? { number: parsed.caseNumber } : {}),
      ...(parsed.policeReference ? { policeReference: parsed.policeReference } : {}),
    };
    const personKinds = termKinds(parsed).filter((k) => PERSON_KINDS.includes(k));
    const caseKinds = termKinds(parsed).filter((k) => CASE_KINDS.includes(k));

    let persons: PersonHit[] = [];
    let tooBroad = false;
    let nameMatching: NameMatching | null = null;
    const wantPersons = personTerms && (types.includes('persons') || (caseTerms && types.includes('cases')));
    if (wantPersons) {
      const inCases = caseTerms ? (await findCases(tx, caseCriteria, NARROWING_CAP)).map((c) => c.id) : undefined;
      const found = await findPersons(
        tx,
        {
          ...(parsed.bsn ? { bsnIndex: this.#keys.blindIndex(BSN_PURPOSE, parsed.bsn) } : {}),
          ...(parsed.dateOfBirth ? { dateOfBirth: parsed.dateOfBirth } : {}),
          ...(parsed.phone ? { phone: parsed.phone } : {}),
          ...(parsed.email ? { email: parsed.email } : {}),
          ...(parsed.postcode ? { postcode: parsed.postcode } : {}),
          ...(parsed.huisnummer !== undefined ? { huisnummer: parsed.huisnummer } : {}),
          hideConfidentialAddresses: !hasPermission(tx.ctx.actor, 'persons.read-confidential-address'),
          nameWords: parsed.nameWords,
          optionalNameWords: parsed.optionalNameWords,
          ...(inCases ? { inCases } : {}),
        },
        caseTerms ? NARROWING_CAP : limit,
      );
      tooBroad = found.tooBroad;
      nameMatching = found.matching;
      const matchedOn = [...personKinds, ...caseKinds];
      persons = found.rows.map((row) => ({
        id: row.id,
        displayName: displayNameOf(row),
        dateOfBirth: row.date_of_birth,
        matchedOn,
        score: round(weight(personKinds) + row.name_score),
      }));
    }

    let cases: CaseHit[] = [];
    if (caseTerms && types.includes('cases') && (!personTerms || persons.length > 0)) {
      const rows = await findCases(tx, { ...caseCriteria, ...(personTerms ? { withParticipants: persons.map((p) => p.id) } : {}) }, limit);
      const matchedOn = [...caseKinds, ...personKinds];
      cases = rows.map((row) => ({ ...row, matchedOn, score: round(weight(caseKinds) + (personTerms ? 0.5 : 0)) }));
    }
    return { persons: types.includes('persons') ? persons.slice(0, limit) : [], cases, tooBroad, nameMatching };
  }
}
