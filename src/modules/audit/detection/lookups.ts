// What the rule engine asks other modules, through their index.ts only, once per batch and thing: is a
// case shielded (the cases module's caseAccessOf), do the persons of an event take part in a case the
// user works on (the cases module's personsInCasesOf: the relation lives there, not restated here),
// and which unit's officers hear of an alert about a user (identity's directory). The consumer runs as
// the system actor, which row-level security lets see every case.
import type { Tx } from '../../../kernel/db/database.ts';
import { caseAccessOf, personsInCasesOf } from '../../cases/index.ts';
import { describeUsers, rootUnitId } from '../../identity/index.ts';
import { isUuid } from './rules.ts';

export class BatchLookups {
  readonly #tx: Tx;
  readonly #shielded = new Map<string, boolean>();
  readonly #ownPersons = new Map<string, Map<string, boolean>>();
  readonly #units = new Map<string, string>();
  #root: string | null = null;

  constructor(tx: Tx) {
    this.#tx = tx;
  }

  /** Whether the case is shielded now (a case that no longer exists is not). */
  async isShielded(caseId: string): Promise<boolean> {
    let shielded = this.#shielded.get(caseId);
    if (shielded === undefined) {
      shielded = (await caseAccessOf(this.#tx, caseId))?.confidentiality === 'shielded';
      this.#shielded.set(caseId, shielded);
    }
    return shielded;
  }

  /**
   * Whether the persons lie outside the user's own cases: there are some, and none takes part in a case
   * she works on or holds a grant to. No persons (a search that found nobody) is not outside: nothing was learnt.
   */
  async outsideOwnCases(userId: string, personIds: readonly string[]): Promise<boolean> {
    const persons = personIds.filter(isUuid);
    if (persons.length === 0) return false;
    if (!isUuid(userId)) return true;
    let known = this.#ownPersons.get(userId);
    if (!known) this.#ownPersons.set(userId, (known = new Map<string, boolean>()));
    const unknown = persons.filter((p) => !known.has(p));
    if (unknown.length > 0) {
      const own = await personsInCasesOf(this.#tx, userId, unknown);
      for (const p of unknown) known.set(p, own.has(p));
    }
    return persons.every((p) => known.get(p) === false);
  }

  /** The unit whose audit.alerts holders hear of an alert about this actor: her home unit, else the organisation's root. */
  async unitOf(actorId: string): Promise<string> {
    let unit = this.#units.get(actorId);
    if (unit === undefined) {
      unit = (isUuid(actorId) ? (await describeUsers(this.#tx, [actorId])).get(actorId)?.unitId : undefined) ?? (await this.#rootUnit());
      this.#units.set(actorId, unit);
    }
    return unit;
  }

  async #rootUnit(): Promise<string> {
    this.#root ??= await rootUnitId(this.#tx);
    return this.#root;
  }
}
