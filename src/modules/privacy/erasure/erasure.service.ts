// Erasing or anonymising a person on request (AVG art. 17), for holders of privacy.erasure in the units
// of the person's cases and referrals: a preview of what would happen, and the erasure itself.
//
// Refused (409 erasure-refused, naming each reason) while a reason to keep stands: a legal hold on one
// of the person's cases, an open case, a referral still being worked, or a merge into another person
// (erase that one). Otherwise, in one transaction: the documents of the cases about the person are
// crypto-shredded (keys forgotten, names replaced; blobs removed after the commit), their tasks and
// every contact moment about or with the person deleted, their referrals stripped of what the referrer
// sent, the cases' free text scrubbed, and the person (with the duplicates merged into it) anonymised,
// or erased entirely when no case remains. What is countable stays (case type, dates, unit, status).
// Audited as privacy.person-anonymised or privacy.person-erased with the person as data subject, in the
// same transaction; a refusal as privacy.person-erasure with result denied. The database decides again
// in every module's erase function (case_actor_may_erase and the referrals' own check).
import { requireUserId, type ActorContext } from '../../../kernel/auth/actor.ts';
import { recordAudit } from '../../../kernel/audit/audit.ts';
import type { BlobStore } from '../../../kernel/blobs/store.ts';
import type { Database, Tx } from '../../../kernel/db/database.ts';
import { AppError } from '../../../kernel/errors.ts';
import type { Logger } from '../../../kernel/observability/logger.ts';
import { casesErasure } from '../../cases/index.ts';
import { contactsErasure } from '../../contacts/index.ts';
import { documentsErasure } from '../../documents/index.ts';
import { personsErasure, type PersonErasureFacts } from '../../persons/index.ts';
import { referralsErasure } from '../../referrals/index.ts';
import { tasksErasure } from '../../tasks/index.ts';
import { erasurePlan, type ErasureBlocker, type ErasurePlan } from './erasure.plan.ts';

export interface ErasureEffects {
  /** The person and the duplicates merged into it. */
  persons: number;
  consents: number;
  contactMoments: number;
  documents: number;
  tasks: number;
  referrals: number;
  /** Cases about the person whose free text is scrubbed (they stay, anonymous, until their retention ends). */
  cases: number;
  incidents: number;
}

export interface ErasurePreview {
  personId: string;
  displayName: string;
  dateOfBirth: string | null;
  anonymisedAt: string | null;
  outcome: ErasurePlan['outcome'];
  blockers: ErasureBlocker[];
  effects: ErasureEffects;
}

export interface ErasureResult {
  personId: string;
  outcome: 'anonymised' | 'erased';
  effects: ErasureEffects;
}

interface Assessment {
  person: PersonErasureFacts;
  plan: ErasurePlan;
}

export class ErasureService {
  readonly #db: Database;
  readonly #blobs: BlobStore;
  readonly #log: Logger | undefined;

  constructor(db: Database, blobs: BlobStore, log?: Logger) {
    this.#db = db;
    this.#blobs = blobs;
    this.#log = log;
  }

  /** The person and the plan; 404 for no such person or one (a case or referral) outside the actor's units. */
  async #assess(tx: Tx, personId: string): Promise<Assessment> {
    const person = await personsErasure.facts(tx, personId);
    if (!person) throw AppError.notFound();
    const plan = erasurePlan(person, await casesErasure.facts(tx, person.family), await referralsErasure.facts(tx, person.family));
    if (plan.outOfReach) throw AppError.notFound();
    return { person, plan };
  }

  /** Every module's part, counted (`apply` false) or done; documents also answer the blobs to remove. */
  async #erase(tx: Tx, family: readonly string[], apply: boolean) {
    // Documents and tasks first (they find their rows through the referrals' and cases' links), persons last.
    const documents = await documentsErasure.erasePersons(tx, family, apply);
    const tasks = await tasksErasure.erasePersons(tx, family, apply);
    const contactMoments = await contactsErasure.erasePersons(tx, family, apply);
    const referrals = await referralsErasure.erasePersons(tx, family, apply);
    const cases = await casesErasure.erasePersons(tx, family, apply);
    const persons = await personsErasure.erasePersons(tx, family, apply);
    const effects: ErasureEffects = {
      persons: persons.persons,
      consents: persons.consents,
      contactMoments,
      documents: documents.shredded,
      tasks,
      referrals,
      cases: cases.cases,
      incidents: cases.incidents,
    };
    return { outcome: persons.outcome, effects, blobIds: documents.blobIds };
  }

  async preview(ctx: ActorContext, personId: string): Promise<ErasurePreview> {
    requireUserId(ctx.actor);
    return this.#db.transaction(ctx, async (tx) => {
      const { person, plan } = await this.#assess(tx, personId);
      const { effects } = await this.#erase(tx, person.family, false);
      await recordAudit(tx, {
        action: 'privacy.read-erasure-preview',
        objectType: 'person',
        objectId: personId,
        dataSubjectId: personId,
        details: { outcome: plan.outcome, blockers: plan.blockers.map((b) => b.reason), effects },
        dataSubjectIds: person.family,
      });
      return {
        personId,
        displayName: person.displayName,
        dateOfBirth: person.dateOfBirth,
        anonymisedAt: person.anonymisedAt,
        outcome: plan.outcome,
        blockers: plan.blockers,
        effects,
      };
    });
  }

  async execute(ctx: ActorContext, personId: string, reason: string): Promise<ErasureResult> {
    requireUserId(ctx.actor);
    const done = await this.#db.transaction(ctx, async (tx) => {
      const { person, plan } = await this.#assess(tx, personId);
      if (plan.outcome === 'refused') return { refused: plan.blockers, family: person.family };
      const { outcome, effects, blobIds } = await this.#erase(tx, person.family, true);
      await recordAudit(tx, {
        action: outcome === 'erased' ? 'privacy.person-erased' : 'privacy.person-anonymised',
        objectType: 'person',
        objectId: personId,
        dataSubjectId: personId,
        reason,
        details: { effects },
        dataSubjectIds: person.family,
      });
      return { refused: null, result: { personId, outcome, effects } satisfies ErasureResult, blobIds };
    });
    if (done.refused) {
      const refused = done.refused;
      // The refusal is recorded in a transaction of its own: the one above changed nothing.
      await this.#db.transaction(ctx, (tx) =>
        recordAudit(tx, {
          action: 'privacy.person-erasure',
          objectType: 'person',
          objectId: personId,
          dataSubjectId: personId,
          result: 'denied',
          reason,
          details: { blockers: refused.map((b) => b.reason) },
          dataSubjectIds: done.family,
        }),
      );
      throw new AppError({
        status: 409,
        code: 'erasure-refused',
        title: 'Erasure refused',
        detail: `The person must be kept for now: ${[...new Set(refused.map((b) => b.reason))].join(', ')}.`,
        extensions: { reasons: refused },
      });
    }
    // The keys went with the commit; the ciphertext goes now. A blob left behind is unreadable.
    await documentsErasure.removeBlobs(this.#blobs, done.blobIds, this.#log);
    return done.result;
  }
}
