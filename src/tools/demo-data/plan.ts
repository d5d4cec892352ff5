// The plan of a demo data set: every row is a pure function of (seed, now, index). Ids are uuid-shaped
// (a per-table prefix derived from the seed, then the row index), so a rerun with the same seed gives the
// same rows; which team owns case i, which event it belongs to and who works on it follow from i alone.
// loader.ts writes the rows the plan describes.
import { generateCase, generateReferral, type SyntheticCase, type SyntheticReferral } from './casework.ts';
import { createDemoContext, type DemoContext, type EmailDomains } from './context.ts';
import { generatePerson, type SyntheticPerson } from './dutch.ts';
import { generateEvent, type SyntheticEvent } from './events.ts';
import { deriveKey, mix32 } from './random.ts';

export const WORKERS_PER_TEAM = 8;
export const VOLUNTEERS_PER_TEAM = 4;
export const REGIONS = 10;

const hex8 = (n: number) => (n >>> 0).toString(16).padStart(8, '0');

/** Ids for one table: 20 hex digits from the seed, 12 from the index (version 4 and variant bits set). */
export function idFactory(seed: string, table: string): (index: number) => string {
  const [a, b, c] = deriveKey(seed, `id:${table}`);
  const prefix = `${hex8(a)}-${hex8(b).slice(0, 4)}-4${hex8(b).slice(5, 8)}-${(8 | (c & 3)).toString(16)}${hex8(c).slice(5, 8)}-`;
  return (index) => prefix + index.toString(16).padStart(12, '0');
}

/** An unsigned 32-bit mix of x: the plan's (and the loader's) cheap pseudo-random choice. */
export const u = (x: number) => mix32(x) >>> 0;
const pad2 = (n: number) => String(n).padStart(2, '0');

/** The plan of a data set: which team owns case i, which event it belongs to, who works on it. */
export class DemoPlan {
  readonly ctx: DemoContext;
  readonly persons: number;
  readonly teams: number;
  readonly teamsPerRegion: number;
  readonly ids: Record<
    'unit' | 'user' | 'grant' | 'person' | 'incident' | 'case' | 'participant' | 'assignment' | 'referral' | 'contact' | 'task',
    (i: number) => string
  >;
  readonly #salt: number;

  constructor(options: { seed: string; now: Date; persons: number; teams: number; emailDomains?: EmailDomains }) {
    if (!Number.isSafeInteger(options.persons) || options.persons < 1 || options.persons > 50_000_000)
      throw new Error('persons must be a whole number between 1 and 50,000,000');
    if (!Number.isSafeInteger(options.teams) || options.teams < REGIONS || options.teams % REGIONS !== 0 || options.teams > 990)
      throw new Error(`teams must be a multiple of ${REGIONS} between ${REGIONS} and 990`);
    this.ctx = createDemoContext({ seed: options.seed, now: options.now, emailDomains: options.emailDomains });
    this.persons = options.persons;
    this.teams = options.teams;
    this.teamsPerRegion = options.teams / REGIONS;
    const id = (t: string) => idFactory(options.seed, t);
    this.ids = {
      unit: id('org_unit'),
      user: id('app_user'),
      grant: id('role_assignment'),
      person: id('person'),
      incident: id('incident'),
      case: id('case_file'),
      participant: id('case_participant'),
      assignment: id('case_assignment'),
      referral: id('referral'),
      contact: id('contact_moment'),
      task: id('task'),
    };
    this.#salt = deriveKey(options.seed, 'plan')[0];
  }

  /** Units 0..9 are the regions, 10.. the teams. */
  regionCode(r: number): string {
    return `demo-r${pad2(r + 1)}`;
  }

  teamCode(t: number): string {
    return `demo-r${pad2(Math.floor(t / this.teamsPerRegion) + 1)}-t${pad2((t % this.teamsPerRegion) + 1)}`;
  }

  teamUnitId(t: number): string {
    return this.ids.unit(REGIONS + t);
  }

  /** Teams get unequal shares (busy city teams, quiet rural ones): team 0 is the busiest. */
  teamOfCase(i: number): number {
    const x = u(i ^ this.#salt) / 4294967296;
    return Math.min(this.teams - 1, Math.floor(this.teams * x * x));
  }

  /** Staff users: per team WORKERS_PER_TEAM workers, one lead, VOLUNTEERS_PER_TEAM volunteers. */
  get usersPerTeam(): number {
    return WORKERS_PER_TEAM + 1 + VOLUNTEERS_PER_TEAM;
  }

  workerId(team: number, worker: number): string {
    return this.ids.user(team * this.usersPerTeam + worker);
  }

  leadId(team: number): string {
    return this.ids.user(team * this.usersPerTeam + WORKERS_PER_TEAM);
  }

  workerOfCase(i: number): number {
    return u(i * 31 + this.#salt) % WORKERS_PER_TEAM;
  }

  /** Consecutive cases share an event now and then (two victims of one burglary): ~0.8 events per case. */
  eventOfCase(i: number): number {
    return Math.floor(i * 0.8);
  }

  get incidents(): number {
    return this.eventOfCase(this.persons - 1) + 1;
  }

  /** The first case of event e (it decides the incident's owning team). */
  firstCaseOfEvent(e: number): number {
    return Math.ceil(e / 0.8 - 1e-9);
  }
}

export interface CaseBundle {
  person: SyntheticPerson;
  event: SyntheticEvent;
  referral: SyntheticReferral;
  kase: SyntheticCase;
  team: number;
}

export function bundle(plan: DemoPlan, i: number): CaseBundle {
  const ctx = plan.ctx;
  const person = generatePerson(ctx, i);
  const event = generateEvent(ctx, plan.eventOfCase(i));
  const referral = generateReferral(ctx, i, { event });
  const age = (ctx.nowMs - Date.parse(person.dateOfBirth)) / (365.2425 * 86_400_000);
  const kase = generateCase(ctx, i, { openedAt: referral.receivedAt, event, personAge: age });
  return { person, event, referral, kase, team: plan.teamOfCase(i) };
}
