// Referrals: intake by staff and by chain partners' systems, the team queue in first-contact deadline
// order, assignment, contact attempts (after the configured number of failures: "not reached" and a
// letter task for the team), conversion to a case (linking or registering the person, with the
// duplicate check), and closing as duplicate or declined. Authorisation first (referralPolicy; 404
// for referrals one may not see), row-level security underneath, every read and write audited in the
// same transaction.
import { encodeCursor } from '../../kernel/http/cursor.ts';
import { randomUUID } from 'node:crypto';
import type { Static } from 'typebox';
import type { ActorContext } from '../../kernel/auth/actor.ts';
import { authorize } from '../../kernel/auth/policy.ts';
import { hasPermissionIn } from '../../kernel/auth/permissions.ts';
import { addWorkingDays } from '../../kernel/calendar/working-days.ts';
import type { Settings } from '../../kernel/config.ts';
import type { KeyRing } from '../../kernel/crypto/keyring.ts';
import type { Database, Tx } from '../../kernel/db/database.ts';
import { pageOf } from '../../kernel/db/keyset.ts';
import { AppError } from '../../kernel/errors.ts';
import { recordAudit } from '../../kernel/audit/audit.ts';
import { withIdempotency, type IdempotencyClaim } from '../../kernel/http/idempotency.ts';
import { describeUsers, unitByCode } from '../identity/index.ts';
import { visiblePersonIds, type DuplicateCheck, type PersonsService } from '../persons/index.ts';
import { caseAccessOf, casePolicy, incidentVisible, openCase, recordIncident, todayInAmsterdam } from '../cases/index.ts';
import { cancelOpenTasksOfReferral, createTask } from '../tasks/index.ts';
import { isLive, mayReturn, referralPolicy } from './referrals.policy.ts';
import { presentListItem, presentReferral, resourceOf } from './referrals.presenter.ts';
import {
  assignReferral,
  attemptsOf,
  closeReferral,
  insertAttempt,
  insertReferral,
  listReferrals,
  loadReferral,
  markConverted,
  setAttemptResult,
  type ReferralListFilter,
  type ReferralRow,
} from './referrals.repository.ts';
import type { ConvertBody, IncidentDetails, PartnerReferral, StaffReferral } from './referrals.schemas.ts';
import { FAILED_OUTCOMES, type AttemptChannel, type AttemptOutcome, type ConsentSource, type ReferralSource } from './referrals.tables.ts';

export const PAYLOAD_PURPOSE = 'referrals.payload';
/** The letter task's title (Dutch: the team reads it) and when it is due. */
export const NOT_REACHED_TASK = 'Brief versturen: cliënt niet bereikt';
const LETTER_TASK_WORKING_DAYS = 2;
/** Clocks differ a little: a moment this far ahead still counts as now. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** Whose word the consent is, when a partner does not say: the partner itself. */
const DEFAULT_CONSENT_SOURCE: Record<ReferralSource, ConsentSource> = {
  police: 'police',
  'public-prosecutor': 'prosecutor',
  zsm: 'prosecutor',
  self: 'client',
  partner: 'other',
};

export type ReferralsSettings = Settings['referrals'] & { calendar: Settings['calendar'] };

export class ReferralsService {
  readonly #db: Database;
  readonly #keys: KeyRing;
  readonly #persons: PersonsService;
  readonly #settings: ReferralsSettings;

  constructor(db: Database, keys: KeyRing, persons: PersonsService, settings: ReferralsSettings) {
    this.#db = db;
    this.#keys = keys;
    this.#persons = persons;
    this.#settings = settings;
  }

  #columns(
    id: string,
    payload: object,
    input: {
      source: ReferralSource;
      sourceReference?: string | undefined;
      consent?: { given: boolean; source?: ConsentSource | undefined } | undefined;
    },
    receivedAt: Date,
  ) {
    const consentGiven = input.consent?.given ?? false;
    return {
      id,
      source: input.source,
      received_at: receivedAt,
      source_reference: input.sourceReference ?? null,
      raw_payload: this.#keys.encrypt(PAYLOAD_PURPOSE, JSON.stringify(payload), id),
      consent_given: consentGiven,
      consent_source: input.consent ? (input.consent.source ?? DEFAULT_CONSENT_SOURCE[input.source]) : null,
      first_contact_due_at: addWorkingDays(receivedAt, this.#settings.firstContactDays, this.#settings.calendar),
      assigned_to: null,
      converted_case_id: null,
      closed_reason: null,
      closed_at: null,
    };
  }

  /** Staff intake: a referral that came in by phone, e-mail, letter, web form or in person. */
  async create(ctx: ActorContext, input: StaffReferral) {
    if (!hasPermissionIn(ctx.actor, 'referrals.create', input.owningUnitId))
      throw AppError.forbidden('You may not register referrals for that unit.');
    if (!input.person && !input.personId)
      throw AppError.invalid('/body/person', 'give the person the referral is about (person or personId)');
    const receivedAt = input.receivedAt ? new Date(input.receivedAt) : new Date();
    if (receivedAt.getTime() > Date.now() + CLOCK_SKEW_MS) throw AppError.invalid('/body/receivedAt', 'lies in the future');
    return this.#db.transaction(ctx, async (tx) => {
      if (input.personId && !(await visiblePersonIds(tx, [input.personId])).has(input.personId))
        throw AppError.invalid('/body/personId', 'no such person');
      if (input.incidentId && !(await incidentVisible(tx, input.incidentId)))
        throw AppError.invalid('/body/incidentId', 'no such incident');
      const id = randomUUID();
      await insertReferral(tx, {
        ...this.#columns(id, input, input, receivedAt),
        channel: input.channel,
        owning_unit_id: input.owningUnitId,
        person_id: input.personId ?? null,
        incident_id: input.incidentId ?? null,
        submitted_by: ctx.actor.id,
      });
      await recordAudit(tx, {
        action: 'referral.create',
        objectType: 'referral',
        objectId: id,
        dataSubjectId: input.personId ?? null,
        details: { source: input.source, channel: input.channel, unitId: input.owningUnitId },
      });
      return this.#present(tx, (await loadReferral(tx, id))!, null);
    });
  }

  /**
   * A chain partner's referral (integration API). The team queue is the one named by `unitCode`, or
   * the configured default; the partner needs referrals.submit there. Exactly once per
   * Idempotency-Key: the key is spent in the same transaction as the referral.
   */
  async submit(ctx: ActorContext, input: PartnerReferral, claim: IdempotencyClaim) {
    if (ctx.actor.kind !== 'service') throw AppError.forbidden('The integration API is for service accounts of chain partners.');
    const unitCode = input.unitCode ?? this.#settings.defaultUnitCode;
    if (!unitCode) throw AppError.invalid('/body/unitCode', 'name the team (no default team is configured)');
    return this.#db.transaction(ctx, async (tx) => {
      const unit = await unitByCode(tx, unitCode);
      if (!unit) {
        if (input.unitCode) throw AppError.invalid('/body/unitCode', 'no such active unit');
        throw AppError.unavailable('The default referral team (CASUS_REFERRAL_DEFAULT_UNIT) does not exist.');
      }
      if (!hasPermissionIn(ctx.actor, 'referrals.submit', unit.id))
        throw AppError.forbidden(`You may not submit referrals to ${unit.code}.`);
      return withIdempotency(tx, claim, async () => {
        const id = randomUUID();
        const receivedAt = new Date();
        await insertReferral(tx, {
          ...this.#columns(id, input, input, receivedAt),
          channel: 'api',
          owning_unit_id: unit.id,
          person_id: null,
          incident_id: null,
          submitted_by: ctx.actor.id,
        });
        await recordAudit(tx, {
          action: 'referral.submit',
          objectType: 'referral',
          objectId: id,
          details: { source: input.source, unitId: unit.id },
        });
        return { id, receivedAt: receivedAt.toISOString() };
      });
    });
  }

  async #present(tx: Tx, row: ReferralRow, payload: Record<string, unknown> | null) {
    return presentReferral(tx.ctx.actor, row, await attemptsOf(tx, row.id), payload, this.#settings.calendar);
  }

  /** Loads a referral the actor may see (404 otherwise), still live (409), checks the action (403) and the version (412). */
  async #authorized(tx: Tx, id: string, action: keyof typeof referralPolicy | null, version?: number): Promise<ReferralRow> {
    const row = await loadReferral(tx, id, { forUpdate: true });
    if (!row) {
      // Locking needs the update policy, which admits only live work: a converted referral that its
      // case's workers still see is done with (409), any other is not there (404).
      const seen = await loadReferral(tx, id);
      if (seen && !isLive(seen.status)) throw AppError.conflict(`The referral is ${seen.status}.`);
      throw AppError.notFound();
    }
    if (!isLive(row.status)) throw AppError.conflict(`The referral is ${row.status}.`);
    if (action) authorize(tx.ctx.actor, referralPolicy, action, resourceOf(row));
    if (version !== undefined && row.version !== version) throw AppError.preconditionFailed();
    return row;
  }

  async #seesCase(tx: Tx, caseId: string): Promise<boolean> {
    const kase = await caseAccessOf(tx, caseId);
    return kase !== undefined && casePolicy.read(tx.ctx.actor, kase);
  }

  async get(ctx: ActorContext, id: string) {
    return this.#db.transaction(ctx, async (tx) => {
      const row = await loadReferral(tx, id);
      if (!row) throw AppError.notFound();
      // A converted referral is its case's: only those who see the case see it (row-level security
      // says the same; the cases module's own rule decides here, so it is not restated).
      if (row.converted_case_id && !(await this.#seesCase(tx, row.converted_case_id))) throw AppError.notFound();
      // Null once erased (privacy.erasure): the referral's countable facts stay, what it said does not.
      const payload = row.raw_payload
        ? (JSON.parse(this.#keys.decryptText(PAYLOAD_PURPOSE, row.raw_payload, row.id)) as Record<string, unknown>)
        : null;
      await recordAudit(tx, { action: 'referral.read', objectType: 'referral', objectId: id, dataSubjectId: row.person_id });
      return this.#present(tx, row, payload);
    });
  }

  async list(ctx: ActorContext, filter: Omit<ReferralListFilter, 'queueUnits'> & { unitId?: string }) {
    const readable = [...(ctx.actor.scopes?.['referrals.read-unit'] ?? [])];
    const queueUnits = filter.unitId ? readable.filter((u) => u === filter.unitId) : readable;
    return this.#db.transaction(ctx, async (tx) => {
      const { items: page, next } = pageOf(await listReferrals(tx, { ...filter, queueUnits }), filter.limit);
      await recordAudit(tx, {
        action: 'referral.list',
        objectType: 'referral',
        details: { view: filter.view, status: filter.status ?? 'live', count: page.length },
        objectIds: page.map((row) => row.id),
        dataSubjectIds: page.flatMap((row) => (row.person_id ? [row.person_id] : [])),
      });
      const now = Date.now();
      return {
        items: page.map((row) => presentListItem(row, this.#settings.calendar, now)),
        next: next && encodeCursor(next),
      };
    });
  }

  /** Assigns a referral (team leads), takes one from the queue (oneself), or gives it back (userId null). */
  async assign(ctx: ActorContext, id: string, input: { version: number; userId: string | null }) {
    return this.#db.transaction(ctx, async (tx) => {
      const row = await this.#authorized(tx, id, null, input.version);
      const resource = resourceOf(row);
      const allowed =
        referralPolicy.assign(ctx.actor, resource) ||
        (input.userId !== null && input.userId === ctx.actor.id && referralPolicy.take(ctx.actor, resource)) ||
        (input.userId === null && mayReturn(ctx.actor, resource));
      if (!allowed)
        throw AppError.forbidden(
          'Assigning referrals to others needs referrals.assign in the unit; you may take unassigned ones from your team’s queue.',
        );
      if (input.userId !== null && !(await describeUsers(tx, [input.userId])).get(input.userId)?.active)
        throw AppError.invalid('/body/userId', 'no such active user');
      await assignReferral(tx, id, input.version, input.userId);
      await recordAudit(tx, {
        action: 'referral.assign',
        objectType: 'referral',
        objectId: id,
        dataSubjectId: row.person_id,
        details: { userId: input.userId, previous: row.assigned_to },
      });
      return this.#present(tx, (await loadReferral(tx, id))!, null);
    });
  }

  /**
   * Records a contact attempt. Reaching the client puts the referral in contact; the configured
   * number of failures while never reached makes it "not reached" and gives the team a letter task,
   * all in this transaction.
   */
  async recordAttempt(
    ctx: ActorContext,
    id: string,
    input: { at?: string; channel: AttemptChannel; outcome: AttemptOutcome; note?: string },
  ) {
    return this.#db.transaction(ctx, async (tx) => {
      const row = await this.#authorized(tx, id, 'recordAttempt');
      const at = input.at ? new Date(input.at) : new Date();
      if (at.getTime() > Date.now() + CLOCK_SKEW_MS) throw AppError.invalid('/body/at', 'lies in the future');
      if (at.getTime() < row.received_at.getTime()) throw AppError.invalid('/body/at', 'lies before the referral came in');
      await insertAttempt(tx, {
        referral_id: id,
        at,
        channel: input.channel,
        outcome: input.outcome,
        note: input.note?.trim() || null,
        recorded_by: ctx.actor.id,
      });
      const failed = FAILED_OUTCOMES.includes(input.outcome);
      const failures = row.failed_attempts + (failed ? 1 : 0);
      let status = row.status;
      if (!failed) status = 'in-contact';
      else if (row.status === 'open' && failures >= this.#settings.maxAttempts) status = 'not-reached';
      let letterTaskId: string | null = null;
      if (status === 'not-reached' && row.status !== 'not-reached') {
        letterTaskId = (
          await createTask(tx, {
            referralId: id,
            title: NOT_REACHED_TASK,
            description: `Na ${failures} mislukte contactpogingen: stuur de cliënt een brief met het aanbod van hulp en hoe contact op te nemen.`,
            assigneeUserId: null,
            dueAt: addWorkingDays(new Date(), LETTER_TASK_WORKING_DAYS, this.#settings.calendar),
          })
        ).id;
      }
      await setAttemptResult(tx, id, { status, failedAttempts: failures });
      await recordAudit(tx, {
        action: 'referral.attempt',
        objectType: 'referral',
        objectId: id,
        dataSubjectId: row.person_id,
        details: { channel: input.channel, outcome: input.outcome, failedAttempts: failures, status, letterTaskId },
      });
      return this.#present(tx, (await loadReferral(tx, id))!, null);
    });
  }

  /**
   * Converts a referral to a case in its unit: with a person the actor can see (personId, or the one
   * already linked), or by registering the person (with the duplicate check: 409 possible-duplicate
   * changes nothing). The actor opens the case and becomes its worker.
   */
  async convert(ctx: ActorContext, id: string, input: ConvertBody) {
    if (input.personId && input.person) throw AppError.invalid('/body/person', 'give personId or person, not both');
    // Registering the person: the duplicate check runs (and is counted and audited) on its own, before.
    const check = input.person ? await this.#persons.checkDuplicates(ctx, input.person) : null;
    return this.#convert(ctx, id, input, check).catch(async (error: unknown) => {
      // A refused registration (possible duplicate) rolled back with the conversion: audit it now.
      await this.#persons.recordDenial(ctx, error);
      throw error;
    });
  }

  #convert(ctx: ActorContext, id: string, input: ConvertBody, check: DuplicateCheck | null) {
    return this.#db.transaction(ctx, async (tx) => {
      const row = await this.#authorized(tx, id, 'convert', input.version);
      let personId = input.personId ?? (input.person ? null : row.person_id);
      if (personId && !(await visiblePersonIds(tx, [personId])).has(personId)) throw AppError.invalid('/body/personId', 'no such person');
      const registered = !personId && input.person && check ? await this.#persons.createIn(tx, input.person, check) : null;
      personId = personId ?? registered?.id ?? null;
      if (!personId) throw AppError.invalid('/body/person', 'give the person (personId or person): the referral has none linked');
      const incidentId = row.incident_id ?? (await this.#incidentFromPayload(tx, row));
      const kase = await openCase(tx, {
        owningUnitId: row.owning_unit_id,
        ...(input.caseTypeKey ? { caseTypeKey: input.caseTypeKey } : {}),
        ...(input.tracks ? { tracks: input.tracks } : {}),
        ...(input.confidentiality ? { confidentiality: input.confidentiality } : {}),
        incidentId,
        participants: [{ personId, role: input.role ?? 'victim', primaryClient: true }],
      });
      await markConverted(tx, id, { caseId: kase.id, personId });
      const cancelledTaskIds = await cancelOpenTasksOfReferral(tx, id, `aanmelding omgezet in zaak ${kase.number}`);
      await recordAudit(tx, {
        action: 'referral.convert',
        objectType: 'referral',
        objectId: id,
        dataSubjectId: personId,
        details: { caseId: kase.id, caseNumber: kase.number, personRegistered: registered !== null, incidentId, cancelledTaskIds },
      });
      return { referral: await this.#present(tx, (await loadReferral(tx, id))!, null), case: kase };
    });
  }

  /**
   * The incident the referrer described (payload `incident`), recorded in the referral's unit when
   * the referral names no existing one: the converted case is linked to it. A day in the future is
   * left out rather than refusing the conversion (the payload keeps it as received).
   */
  async #incidentFromPayload(tx: Tx, row: ReferralRow): Promise<string | null> {
    if (!row.raw_payload) return null;
    const payload = JSON.parse(this.#keys.decryptText(PAYLOAD_PURPOSE, row.raw_payload, row.id)) as {
      incident?: Static<typeof IncidentDetails>;
    };
    const details = payload.incident;
    if (!details || Object.keys(details).length === 0) return null;
    const { category, occurredOn, ...rest } = details;
    const recorded = await recordIncident(tx, {
      ...rest,
      category: category ?? 'other',
      ...(occurredOn && occurredOn <= todayInAmsterdam() ? { occurredOn } : {}),
      owningUnitId: row.owning_unit_id,
    });
    return recorded.id;
  }

  async close(ctx: ActorContext, id: string, input: { version: number; status: 'duplicate' | 'declined'; reason: string }) {
    return this.#db.transaction(ctx, async (tx) => {
      const row = await this.#authorized(tx, id, 'close', input.version);
      await closeReferral(tx, id, input);
      const cancelledTaskIds = await cancelOpenTasksOfReferral(
        tx,
        id,
        input.status === 'duplicate' ? 'aanmelding gesloten: dubbel' : 'aanmelding gesloten: afgewezen',
      );
      await recordAudit(tx, {
        action: 'referral.close',
        objectType: 'referral',
        objectId: id,
        dataSubjectId: row.person_id,
        reason: input.reason,
        details: { status: input.status, cancelledTaskIds },
      });
      return this.#present(tx, (await loadReferral(tx, id))!, null);
    });
  }
}
