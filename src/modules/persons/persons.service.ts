// Persons: register (with possible-duplicate detection), read (audited; BSN and confidential
// addresses only for those permitted), change with optimistic concurrency, record consent, merge
// duplicates keeping history. Row-level security decides who sees whom (migrations/0001).
import { randomUUID } from 'node:crypto';
import { userIdOf, type Actor, type ActorContext } from '../../kernel/auth/actor.ts';
import { hasPermission } from '../../kernel/auth/permissions.ts';
import type { KeyRing } from '../../kernel/crypto/keyring.ts';
import type { Database, Tx } from '../../kernel/db/database.ts';
import { onViolation } from '../../kernel/db/sqlstate.ts';
import { AppError } from '../../kernel/errors.ts';
import { recordAudit, type AuditEvent } from '../../kernel/audit/audit.ts';
import { isValidBsn, normaliseBsn } from './bsn.ts';
import { publishPersonMerged } from './persons.events.ts';
import { runPersonMergeSteps } from './persons.merge-steps.ts';
import type { PersonConsentTable } from './persons.tables.ts';
import { displayNameOf } from './persons.lookup.ts';
import {
  consentsOf,
  duplicateCheck,
  insertConsent,
  insertPerson,
  loadPerson,
  markMerged,
  setBsnColumns,
  updatePerson,
  type PersonColumns,
  type PersonRow,
} from './persons.repository.ts';

export const BSN_PURPOSE = 'persons.bsn';
/** Where a refused registration carries its audit event (see recordDenial). */
const DENIAL = Symbol('persons.denial');

export interface Address {
  postcode: string;
  huisnummer: number;
  toevoeging?: string | null;
  street?: string | null;
  city?: string | null;
  country?: string;
}

export interface PersonInput {
  voornamen?: string | null;
  roepnaam?: string | null;
  tussenvoegsel?: string | null;
  achternaam: string;
  dateOfBirth?: string | null;
  bsn?: string | null;
  phones?: string[];
  emails?: string[];
  address?: Address | null;
  preferredLanguage?: string;
  interpreterNeeded?: boolean;
  confidentialAddress?: boolean;
  vulnerabilities?: string[];
}

/** Dutch mobile and landline numbers to +31…, others kept as given (digits and a leading +). */
export function normalisePhone(input: string): string {
  const compact = input.replace(/[\s().-]/g, '');
  if (/^0[1-9]\d{8}$/.test(compact)) return `+31${compact.slice(1)}`;
  if (/^0031\d{9}$/.test(compact)) return `+${compact.slice(2)}`;
  return compact;
}

/** What the duplicate check found that the actor may see (and what matched), before a registration. */
export interface DuplicateCheck {
  visible: { id: string; matchedOn: string[] }[];
}

/** The refusal of a registration with duplicates the actor may see; audited afterwards (recordDenial). */
function possibleDuplicate(visible: DuplicateCheck['visible'], bsnTaken: boolean): AppError {
  const refusal = new AppError({
    status: 409,
    code: 'possible-duplicate',
    title: 'This person may already be registered',
    detail: bsnTaken
      ? 'A person with this BSN is already registered. Use that person (or ask a team lead to merge).'
      : 'Similar persons exist. Use one of them, or send confirmNoDuplicate: true to register anyway.',
    extensions: { possibleDuplicates: visible },
  });
  Object.defineProperty(refusal, DENIAL, {
    value: {
      action: 'person.create',
      objectType: 'person',
      result: 'denied',
      reason: 'possible duplicate',
      details: { visible: visible.length, bsn: bsnTaken },
    } satisfies AuditEvent,
  });
  return refusal;
}

/**
 * Whether the transaction's actor may see who looked at this person (the audit module's rule, passed in
 * at composition: src/app/modules.ts). Without it no person offers `viewAccesses`.
 */
export type AccessesVisible = (tx: Tx, personId: string) => Promise<boolean>;

export interface PersonsOptions {
  accessesVisible?: AccessesVisible;
}

export class PersonsService {
  readonly #db: Database;
  readonly #keys: KeyRing;
  readonly #accessesVisible: AccessesVisible | undefined;

  constructor(db: Database, keys: KeyRing, options: PersonsOptions = {}) {
    this.#db = db;
    this.#keys = keys;
    this.#accessesVisible = options.accessesVisible;
  }

  /**
   * A person as the API answers it. Never the BSN itself, only whether there is one: reading it is an
   * action of its own (revealBsn, audited as person.bsn-reveal), so that a screen shows it masked and
   * the audit trail says who actually looked at which BSN, not just who opened the person.
   */
  present(actor: Actor, row: PersonRow) {
    const addressHidden = row.confidential_address && !hasPermission(actor, 'persons.read-confidential-address');
    return {
      id: row.id,
      voornamen: row.voornamen,
      roepnaam: row.roepnaam,
      tussenvoegsel: row.tussenvoegsel,
      achternaam: row.achternaam,
      displayName: displayNameOf(row),
      dateOfBirth: row.date_of_birth,
      hasBsn: row.bsn_encrypted !== null,
      phones: row.phones,
      emails: row.emails,
      address:
        addressHidden || row.postcode === null || row.huisnummer === null
          ? null
          : {
              postcode: row.postcode,
              huisnummer: row.huisnummer,
              toevoeging: row.huisnummer_toevoeging,
              street: row.street,
              city: row.city,
              country: row.country,
            },
      addressHidden,
      preferredLanguage: row.preferred_language,
      interpreterNeeded: row.interpreter_needed,
      confidentialAddress: row.confidential_address,
      vulnerabilities: row.vulnerabilities,
      mergedInto: row.merged_into,
      version: row.version,
      allowedActions: [
        ...(hasPermission(actor, 'persons.update') ? ['update', 'recordConsent'] : []),
        ...(hasPermission(actor, 'persons.merge') ? ['merge'] : []),
        ...(hasPermission(actor, 'persons.read-bsn') && row.bsn_encrypted !== null ? ['revealBsn'] : []),
      ],
    };
  }

  /**
   * present(), and `viewAccesses` when the actor may see who looked at the person (GET
   * /audit/persons/{id}/accesses would answer): asked of the audit module's rule, so that a screen offers
   * it without trying, since a refusal is itself an audited denied access.
   */
  async #presented(tx: Tx, row: PersonRow) {
    const presented = this.present(tx.ctx.actor, row);
    if (this.#accessesVisible && (await this.#accessesVisible(tx, row.id))) presented.allowedActions.push('viewAccesses');
    return presented;
  }

  #columns(input: Partial<PersonInput>): PersonColumns {
    const errors: { pointer: string; detail: string }[] = [];
    const phones = input.phones?.map(normalisePhone);
    phones?.forEach((p, i) => {
      if (!/^\+?\d{6,15}$/.test(p)) errors.push({ pointer: `/body/phones/${i}`, detail: 'not a phone number' });
    });
    if (input.address?.postcode !== undefined && !/^[1-9]\d{3}\s?[A-Za-z]{2}$/.test(input.address.postcode))
      errors.push({ pointer: '/body/address/postcode', detail: 'a Dutch postcode is 4 digits and 2 letters' });
    if (input.dateOfBirth && new Date(input.dateOfBirth).getTime() > Date.now())
      errors.push({ pointer: '/body/dateOfBirth', detail: 'lies in the future' });
    if (errors.length > 0) throw AppError.badRequest('Some fields are not valid.', errors);
    return {
      ...(input.voornamen !== undefined ? { voornamen: input.voornamen } : {}),
      ...(input.roepnaam !== undefined ? { roepnaam: input.roepnaam } : {}),
      ...(input.tussenvoegsel !== undefined ? { tussenvoegsel: input.tussenvoegsel } : {}),
      ...(input.achternaam !== undefined ? { achternaam: input.achternaam } : {}),
      ...(input.dateOfBirth !== undefined ? { date_of_birth: input.dateOfBirth } : {}),
      ...(phones !== undefined ? { phones } : {}),
      ...(input.emails !== undefined ? { emails: input.emails.map((e) => e.toLowerCase()) } : {}),
      ...(input.address !== undefined
        ? {
            postcode: input.address ? input.address.postcode.replace(/\s/g, '').toUpperCase() : null,
            huisnummer: input.address?.huisnummer ?? null,
            huisnummer_toevoeging: input.address?.toevoeging ?? null,
            street: input.address?.street ?? null,
            city: input.address?.city ?? null,
            ...(input.address?.country ? { country: input.address.country } : {}),
          }
        : {}),
      ...(input.preferredLanguage !== undefined ? { preferred_language: input.preferredLanguage } : {}),
      ...(input.interpreterNeeded !== undefined ? { interpreter_needed: input.interpreterNeeded } : {}),
      ...(input.confidentialAddress !== undefined ? { confidential_address: input.confidentialAddress } : {}),
      ...(input.vulnerabilities !== undefined ? { vulnerabilities: input.vulnerabilities } : {}),
    };
  }

  #bsnColumns(id: string, bsn: string | null | undefined) {
    if (bsn === undefined) return {};
    if (bsn === null) return { bsn_encrypted: null, bsn_index: null };
    if (!isValidBsn(bsn)) throw AppError.invalid('/body/bsn', 'not a valid BSN (elfproef)');
    const normalised = normaliseBsn(bsn);
    return { bsn_encrypted: this.#keys.encrypt(BSN_PURPOSE, normalised, id), bsn_index: this.#keys.blindIndex(BSN_PURPOSE, normalised) };
  }

  /**
   * The duplicate check before a registration, in a transaction of its own so that it counts and is
   * audited whatever becomes of the registration (person_duplicate_check, migrations/0006): the
   * persons the actor may see who have this BSN, or this date of birth and a similar name. Persons she
   * may not see are never reported (not even as a number): the database records them as data subjects
   * of the check's audit event, and a BSN shared with one raises a security event for her team lead.
   * 429 once the actor made too many checks in the window.
   */
  async checkDuplicates(ctx: ActorContext, input: PersonInput): Promise<DuplicateCheck> {
    if (input.bsn != null && !isValidBsn(input.bsn)) throw AppError.invalid('/body/bsn', 'not a valid BSN (elfproef)');
    const bsnIndex = input.bsn != null ? this.#keys.blindIndex(BSN_PURPOSE, normaliseBsn(input.bsn)) : null;
    const name = [input.voornamen, input.roepnaam, input.tussenvoegsel, input.achternaam].filter(Boolean).join(' ');
    const rows = await this.#db.transaction(ctx, (tx) => duplicateCheck(tx, bsnIndex, name, input.dateOfBirth ?? null));
    const limited = rows.find((r) => r.retry_after !== null);
    if (limited) {
      throw new AppError({
        status: 429,
        code: 'too-many-duplicate-checks',
        title: 'Too many duplicate checks',
        detail: 'You checked for existing persons too often in a short time. Wait a while and try again.',
        extensions: { retryAfterSeconds: limited.retry_after },
      });
    }
    const byId = new Map<string, string[]>();
    for (const row of rows) byId.set(row.person_id!, [...(byId.get(row.person_id!) ?? []), row.matched_on!]);
    return { visible: [...byId].map(([id, matchedOn]) => ({ id, matchedOn })) };
  }

  async create(ctx: ActorContext, input: PersonInput & { confirmNoDuplicate?: boolean }) {
    const check = await this.checkDuplicates(ctx, input);
    try {
      return await this.#db.transaction(ctx, (tx) => this.createIn(tx, input, check));
    } catch (error) {
      await this.recordDenial(ctx, error);
      throw error;
    }
  }

  /**
   * A refused registration (possible duplicate) is audited too, but the refusal rolls back the
   * transaction it happened in: the caller writes it afterwards in a transaction of its own.
   */
  async recordDenial(ctx: ActorContext, error: unknown): Promise<void> {
    const denial = (error as { [DENIAL]?: AuditEvent })[DENIAL];
    if (denial) await this.#db.transaction(ctx, (tx) => recordAudit(tx, denial));
  }

  /**
   * Registers a person in the caller's transaction, with the same checks as POST /persons (409
   * possible-duplicate for duplicates the actor may see), given the duplicate check made before the
   * transaction (checkDuplicates): for modules that register a person as part of their own change (a
   * referral converted to a case).
   */
  async createIn(tx: Tx, input: PersonInput & { confirmNoDuplicate?: boolean }, check: DuplicateCheck) {
    const id = randomUUID();
    const columns = { ...this.#columns(input), ...this.#bsnColumns(id, input.bsn) };
    const bsnTaken = check.visible.some((d) => d.matchedOn.includes('bsn'));
    if (bsnTaken || (check.visible.length > 0 && !input.confirmNoDuplicate)) throw possibleDuplicate(check.visible, bsnTaken);
    await insertPerson(tx, { id, ...columns, created_by: userIdOf(tx.ctx.actor) })
      // A BSN someone registered since the check, for a person the actor sees (person_bsn_guard).
      .catch(onViolation({ unique: (e) => (e.constraint === 'person_bsn_index' ? possibleDuplicate([], true) : undefined) }));
    await recordAudit(tx, {
      action: 'person.create',
      objectType: 'person',
      objectId: id,
      dataSubjectId: id,
      details: { withBsn: input.bsn != null, confirmedNoDuplicate: input.confirmNoDuplicate ?? false },
    });
    return this.#presented(tx, (await loadPerson(tx, id))!);
  }

  async get(ctx: ActorContext, id: string) {
    return this.#db.transaction(ctx, async (tx) => {
      const row = await loadPerson(tx, id);
      if (!row) throw AppError.notFound();
      const presented = await this.#presented(tx, row);
      await recordAudit(tx, {
        action: 'person.read',
        objectType: 'person',
        objectId: id,
        dataSubjectId: id,
        details: { addressHidden: presented.addressHidden },
      });
      return presented;
    });
  }

  /**
   * The person's BSN, decrypted for a holder of persons.read-bsn who asked to see it: audited as
   * person.bsn-reveal in the same transaction (no answer without its audit row). 404 when the person
   * is not visible (row-level security), the BSN null when there is none.
   */
  async revealBsn(ctx: ActorContext, id: string): Promise<{ bsn: string | null }> {
    if (!hasPermission(ctx.actor, 'persons.read-bsn')) throw AppError.forbidden();
    return this.#db.transaction(ctx, async (tx) => {
      const row = await loadPerson(tx, id);
      if (!row) throw AppError.notFound();
      const bsn = row.bsn_encrypted ? this.#keys.decryptText(BSN_PURPOSE, row.bsn_encrypted, row.id) : null;
      await recordAudit(tx, {
        action: 'person.bsn-reveal',
        objectType: 'person',
        objectId: id,
        dataSubjectId: id,
        details: { hadBsn: bsn !== null },
      });
      return { bsn };
    });
  }

  /** The person's consent history (newest first, as consentsOf orders it), audited as person.consent-list. */
  async listConsents(ctx: ActorContext, id: string) {
    return this.#db.transaction(ctx, async (tx) => {
      if (!(await loadPerson(tx, id))) throw AppError.notFound();
      const items = await this.consents(tx, id);
      await recordAudit(tx, {
        action: 'person.consent-list',
        objectType: 'person',
        objectId: id,
        dataSubjectId: id,
        details: { count: items.length },
      });
      return items;
    });
  }

  async update(ctx: ActorContext, id: string, input: Partial<PersonInput> & { version: number }) {
    if (!hasPermission(ctx.actor, 'persons.update')) throw AppError.forbidden();
    return this.#db.transaction(ctx, async (tx) => {
      const row = await loadPerson(tx, id, { forUpdate: true });
      if (!row || row.merged_into) throw AppError.notFound();
      if (row.version !== input.version) throw AppError.preconditionFailed();
      const { version: _version, ...changes } = input;
      const columns = { ...this.#columns(changes), ...this.#bsnColumns(id, changes.bsn) };
      await updatePerson(tx, id, columns).catch(
        onViolation({
          unique: (e) =>
            e.constraint === 'person_bsn_index' ? AppError.conflict('A person with this BSN is already registered.') : undefined,
        }),
      );
      await recordAudit(tx, {
        action: 'person.update',
        objectType: 'person',
        objectId: id,
        dataSubjectId: id,
        changedFields: Object.keys(changes),
      });
      return this.#presented(tx, (await loadPerson(tx, id))!);
    });
  }

  async recordConsent(
    ctx: ActorContext,
    id: string,
    input: { subject: PersonConsentTable['subject']; given: boolean; source: PersonConsentTable['source']; note?: string | null },
  ) {
    if (!hasPermission(ctx.actor, 'persons.update')) throw AppError.forbidden();
    return this.#db.transaction(ctx, async (tx) => {
      if (!(await loadPerson(tx, id))) throw AppError.notFound();
      await insertConsent(tx, {
        person_id: id,
        subject: input.subject,
        given: input.given,
        source: input.source,
        note: input.note ?? null,
        recorded_by: userIdOf(ctx.actor),
      });
      await recordAudit(tx, {
        action: 'person.consent',
        objectType: 'person',
        objectId: id,
        dataSubjectId: id,
        details: { subject: input.subject, given: input.given, source: input.source },
      });
      return this.consents(tx, id);
    });
  }

  async consents(tx: Tx, id: string) {
    const rows = await consentsOf(tx, id);
    return rows.map((r) => ({
      id: r.id,
      subject: r.subject,
      given: r.given,
      source: r.source,
      recordedAt: r.recorded_at.toISOString(),
      note: r.note,
    }));
  }

  /**
   * Merges a duplicate into the person to keep: the duplicate stays as a record pointing at the kept
   * person (history), no longer found by BSN. The merge steps other modules added run in the same
   * transaction (the cases module moves the duplicate's case participations over: persons.merge-steps.ts),
   * and 'person.merged' is published in it, for the references other modules move afterwards.
   */
  async merge(ctx: ActorContext, keepId: string, duplicateId: string, reason: string) {
    if (!hasPermission(ctx.actor, 'persons.merge')) throw AppError.forbidden();
    if (keepId === duplicateId) throw AppError.invalid('/body/duplicateId', 'a person cannot be merged into itself');
    return this.#db.transaction(ctx, async (tx) => {
      const [keep, duplicate] = [await loadPerson(tx, keepId, { forUpdate: true }), await loadPerson(tx, duplicateId, { forUpdate: true })];
      if (!keep || keep.merged_into) throw AppError.notFound();
      if (!duplicate || duplicate.merged_into) throw AppError.invalid('/body/duplicateId', 'no such person');
      // First mark the duplicate: once its participations move, it may no longer be visible to the
      // merger (visibility follows cases), and row-level security would skip the update silently.
      if (!(await markMerged(tx, duplicateId, keepId))) throw AppError.forbidden('You may not change the duplicate.');
      const moved = await runPersonMergeSteps(tx, { keptId: keepId, mergedId: duplicateId });
      if (!keep.bsn_encrypted && duplicate.bsn_encrypted) {
        const bsn = this.#keys.decryptText(BSN_PURPOSE, duplicate.bsn_encrypted, duplicateId);
        await setBsnColumns(tx, keepId, this.#bsnColumns(keepId, bsn));
      }
      await recordAudit(tx, {
        action: 'person.merge',
        objectType: 'person',
        objectId: keepId,
        dataSubjectId: keepId,
        // The duplicate's data is the kept person's now: the merge is about both.
        dataSubjectIds: [keepId, duplicateId],
        reason,
        details: { merged: duplicateId, ...moved },
      });
      // Modules that refer to persons repoint their own references to the duplicate on this event.
      await publishPersonMerged(tx, keepId, duplicateId);
      return this.#presented(tx, (await loadPerson(tx, keepId))!);
    });
  }
}
