// Data-subject access (GDPR art. 15) and the rectification history, for holders of
// privacy.subject-access. One transaction per request: each module answers what it holds about the
// person through its own <module>.subject-access.ts (SECURITY DEFINER functions that check the same
// permission in the database: the deliberate, narrow way past case visibility), the privacy module's
// function answers the audit events about them, the register says what each event was for, and the
// export is audited in the same transaction, with the person as data subject and the request as reason.
import type { ActorContext } from '../../../kernel/auth/actor.ts';
import { hasPermission } from '../../../kernel/auth/permissions.ts';
import type { KeyRing } from '../../../kernel/crypto/keyring.ts';
import type { Database, Tx } from '../../../kernel/db/database.ts';
import { AppError } from '../../../kernel/errors.ts';
import { recordAudit } from '../../../kernel/audit/audit.ts';
import { caseSubjectAccess } from '../../cases/index.ts';
import { contactSubjectAccess } from '../../contacts/index.ts';
import { documentSubjectAccess } from '../../documents/index.ts';
import {
  findDataSubjects,
  personRedactionTerms,
  personSubjectAccess,
  type PersonHoldings,
  type SubjectQuery,
} from '../../persons/index.ts';
import { referralSubjectAccess } from '../../referrals/index.ts';
import { taskSubjectAccess } from '../../tasks/index.ts';
import { PRIVACY_SUBJECT_ACCESS } from '../privacy.permissions.ts';
import { processingActivityResolver } from '../register/register.resolver.ts';
import { composeExport, idsOf, rectificationOf, type Holdings } from './subject-access.compose.ts';
import { createRedactor, nameForms, type Redactor } from './subject-access.redaction.ts';
import { auditEventsAbout } from './subject-access.repository.ts';
import type { SubjectAccessExport } from './subject-access.schemas.ts';

export type ExportFormat = 'json' | 'pdf';

export class SubjectAccessService {
  readonly #db: Database;
  readonly #keys: KeyRing;

  constructor(db: Database, keys: KeyRing) {
    this.#db = db;
    this.#keys = keys;
  }

  #allowed(ctx: ActorContext): void {
    if (!hasPermission(ctx.actor, PRIVACY_SUBJECT_ACCESS)) throw AppError.forbidden('Data-subject requests need privacy.subject-access.');
  }

  async #person(tx: Tx, personId: string): Promise<PersonHoldings> {
    const persons = await personSubjectAccess(tx, this.#keys, personId);
    if (!persons) throw AppError.notFound();
    return persons;
  }

  /** Strikes the other participants of the person's cases from free text (never the person's own names). */
  async #redactor(tx: Tx, persons: PersonHoldings, otherIds: readonly string[]): Promise<Redactor> {
    const own = idsOf(persons);
    const others = await personRedactionTerms(
      tx,
      this.#keys,
      otherIds.filter((id) => !own.includes(id)),
    );
    return createRedactor(others, [persons.person, ...persons.mergedRecords]);
  }

  /**
   * The persons a request may be from (the BSN, or surname and date of birth, of the identity the
   * requester proved), whoever works on their cases: the privacy officer sees no case. Audited as
   * privacy.subject-search with every person found as data subject, none when nobody matched.
   */
  async find(ctx: ActorContext, query: SubjectQuery, reason: string) {
    this.#allowed(ctx);
    return this.#db.transaction(ctx, async (tx) => {
      const found = await findDataSubjects(tx, this.#keys, query);
      await recordAudit(tx, {
        action: 'privacy.subject-search',
        objectType: 'person',
        reason,
        details: { withBsn: query.bsn !== undefined, withName: query.achternaam !== undefined, count: found.length },
        objectIds: found.map((f) => f.id),
        dataSubjectIds: found.map((f) => f.id),
      });
      return found.map((f) => ({ personId: f.id, displayName: f.displayName, dateOfBirth: f.dateOfBirth, matchedOn: f.matchedOn }));
    });
  }

  /** Everything held about the person, audited as privacy.subject-access-export in the same transaction. */
  async export(ctx: ActorContext, personId: string, reason: string, format: ExportFormat): Promise<SubjectAccessExport> {
    this.#allowed(ctx);
    return this.#db.transaction(ctx, async (tx) => {
      const persons = await this.#person(tx, personId);
      const ids = idsOf(persons);
      const cases = await caseSubjectAccess(tx, ids);
      const clientOf = [...new Set(cases.participations.filter((p) => p.aboutPerson).map((p) => p.caseId))];
      const otherCases = [...new Set(cases.participations.map((p) => p.caseId))].filter((id) => !clientOf.includes(id));
      const referrals = await referralSubjectAccess(tx, this.#keys, ids);
      const held: Holdings = {
        persons,
        cases,
        contactMoments: await contactSubjectAccess(tx, this.#keys, ids, clientOf),
        documents: await documentSubjectAccess(tx, clientOf),
        referrals,
        tasks: await taskSubjectAccess(tx, {
          onReferrals: referrals.map((r) => r.id),
          clientOfCases: clientOf,
          otherCases,
          // On someone else's case a task names the person by a name with their surname, not a given name alone.
          names: [persons.person, ...persons.mergedRecords].flatMap((p) =>
            nameForms(p).filter((form) => form.toLocaleLowerCase('nl').includes(p.achternaam.trim().toLocaleLowerCase('nl'))),
          ),
        }),
        audit: await auditEventsAbout(tx, ids),
      };
      const redactor = await this.#redactor(tx, persons, cases.otherParticipantIds);
      const answer = composeExport(held, await processingActivityResolver(tx), redactor, new Date());
      await recordAudit(tx, {
        action: 'privacy.subject-access-export',
        objectType: 'person',
        objectId: persons.person.id,
        dataSubjectId: persons.person.id,
        reason,
        details: {
          format,
          ...(personId !== persons.person.id ? { requestedId: personId } : {}),
          mergedRecords: persons.mergedRecords.length,
          cases: answer.cases.length,
          contactMoments: answer.contactMoments.length,
          documents: answer.documents.length,
          referrals: answer.referrals.length,
          tasks: answer.tasks.length,
          accessLog: answer.accessLog.length,
          redactions: answer.redactions,
        },
        ...(persons.mergedRecords.length > 0 ? { dataSubjectIds: ids } : {}),
      });
      return answer;
    });
  }

  /** Who changed which of the person's data when, audited as privacy.rectification-history. */
  async rectificationHistory(ctx: ActorContext, personId: string, reason: string) {
    this.#allowed(ctx);
    return this.#db.transaction(ctx, async (tx) => {
      const persons = await this.#person(tx, personId);
      const ids = idsOf(persons);
      const cases = await caseSubjectAccess(tx, ids);
      const items = rectificationOf(await auditEventsAbout(tx, ids), await this.#redactor(tx, persons, cases.otherParticipantIds));
      await recordAudit(tx, {
        action: 'privacy.rectification-history',
        objectType: 'person',
        objectId: persons.person.id,
        dataSubjectId: persons.person.id,
        reason,
        details: { entries: items.length, ...(personId !== persons.person.id ? { requestedId: personId } : {}) },
        ...(persons.mergedRecords.length > 0 ? { dataSubjectIds: ids } : {}),
      });
      return { dataSubjectId: persons.person.id, items };
    });
  }
}
