// The case screen in one request: the case as GET /cases/{caseId} presents it, its participants with
// name, date of birth and the flags the screen needs, its latest contact moments and its open tasks.
// One transaction, so every part is of the same moment and row-level security decides every part; the
// case decides first (404: existence does not leak). Each part comes from the module that owns it.
// Audited as the routes that show the same facts audit them: case.read (with `view: 'overview'`) and
// contact-moment.list for the summaries.
import type { ActorContext } from '../../kernel/auth/actor.ts';
import type { KeyRing } from '../../kernel/crypto/keyring.ts';
import type { Database } from '../../kernel/db/database.ts';
import { recordAudit } from '../../kernel/audit/audit.ts';
import { viewCase, type CaseView } from '../cases/index.ts';
import { latestContactMoments, type ContactMomentView } from '../contacts/index.ts';
import { personSummaries, type PersonSummary } from '../persons/index.ts';
import { openTasksOf } from '../tasks/index.ts';

/** How many contact moments and open tasks the screen shows (the rest are a click away). */
export const LATEST_CONTACTS = 10;
export const FIRST_OPEN_TASKS = 5;

export interface CaseOverview {
  case: CaseView;
  participants: (CaseView['participants'][number] & { person: PersonSummary | null })[];
  latestContactMoments: (ContactMomentView & { summary: string; allowedActions: string[] })[];
  openTasks: {
    count: number;
    items: {
      id: string;
      title: string;
      assigneeUserId: string | null;
      dueAt: string;
      overdue: boolean;
      version: number;
      allowedActions: string[];
    }[];
  };
  allowedActions: string[];
}

const primaryOf = (kase: CaseView) => kase.participants.find((p) => p.primaryClient)?.personId ?? kase.participants[0]?.personId ?? null;

export class CaseOverviewService {
  readonly #db: Database;
  readonly #keys: KeyRing;

  constructor(db: Database, keys: KeyRing) {
    this.#db = db;
    this.#keys = keys;
  }

  async get(ctx: ActorContext, caseId: string): Promise<CaseOverview> {
    return this.#db.transaction(ctx, async (tx) => {
      // The persons the screen names besides the data subject go into the case.read event, as the
      // contact list names the persons it shows.
      const {
        kase,
        audit: caseRead,
        access,
      } = await viewCase(tx, caseId, (k) => ({
        view: 'overview',
        personIds: [...new Set(k.participants.map((p) => p.personId))].filter((id) => id !== primaryOf(k)),
      }));
      // One after the other: the transaction is one connection, which runs one query at a time.
      const persons = await personSummaries(
        tx,
        kase.participants.map((p) => p.personId),
      );
      const contacts = await latestContactMoments(tx, caseId, LATEST_CONTACTS, this.#keys, access);
      const tasks = await openTasksOf(tx, caseId, FIRST_OPEN_TASKS);
      // As GET /cases/{caseId}/contact-moments audits the summaries it shows.
      // Which rows the screen showed, and whom they are about (audit_event.object_ids, data_subject_ids):
      // the persons it names, the contact moments and the open tasks it lists.
      const primary = primaryOf(kase);
      const contacted = [...new Set(contacts.map((m) => m.personId).filter((p): p is string => p !== null && p !== primary))];
      await recordAudit(tx, [
        {
          ...caseRead,
          dataSubjectIds: kase.participants.map((p) => p.personId),
          details: { ...caseRead.details, openTaskIds: tasks.items.map((t) => t.id) },
        },
        {
          action: 'contact-moment.list',
          objectType: 'case',
          objectId: caseId,
          dataSubjectId: primary,
          details: { count: contacts.length, contactedPersonIds: contacted, view: 'overview' },
          objectIds: contacts.map((m) => m.id),
          dataSubjectIds: [...(primary ? [primary] : []), ...contacted],
        },
      ]);
      return {
        case: kase,
        participants: kase.participants.map((p) => ({ ...p, person: persons.get(p.personId) ?? null })),
        // latestContactMoments decrypts with the key ring it is given: every summary is a string.
        latestContactMoments: contacts as (ContactMomentView & { summary: string; allowedActions: string[] })[],
        openTasks: {
          count: tasks.count,
          items: tasks.items.map((t) => ({
            id: t.id,
            title: t.title,
            assigneeUserId: t.assigneeUserId,
            dueAt: t.dueAt,
            overdue: t.overdue,
            version: t.version,
            allowedActions: t.allowedActions,
          })),
        },
        allowedActions: kase.allowedActions,
      };
    });
  }
}
