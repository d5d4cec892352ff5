// Referrals, cases, contact moments and tasks around one event, as values for the loader. Each is
// generated from its own index (a referral from the referral index, the contact moments and tasks
// of a case from the case index), so the loader may stream them in any order or in parallel and still
// get the same rows; relations between them (which person, which event) are the loader's choice and
// passed in, so the generators never need to look anything up.
import { type DemoContext, DAY_MS, isoDate, isoTime, utcYear } from './context.ts';
import type { SyntheticEvent } from './events.ts';
import {
  CLOSE_REASONS,
  CONTACT_CHANNELS,
  NOT_REACHED_TASK,
  OUTBOUND_SHARE,
  REFERRAL_CHANNELS,
  REFERRAL_SOURCES,
  contactDuration,
  contactOutcome,
  contactSummary,
  taskTitle,
  type ContactChannel,
  type ContactDirection,
  type ContactOutcome,
  type ReferralSource,
  type SupportTrack,
} from './narrative.ts';
import { forIndex, type Rng } from './random.ts';

export type ConsentSubject =
  'support' | 'data-sharing-police' | 'data-sharing-partners' | 'contact-by-email' | 'contact-by-sms' | 'research';
export type ConsentSource = 'client' | 'police' | 'prosecutor' | 'legal-representative' | 'parent-or-guardian' | 'other';
export type ReferralOutcome = 'open' | 'converted' | 'not-reached' | 'declined' | 'duplicate';
export type AttemptOutcome = 'reached' | 'no-answer' | 'voicemail' | 'wrong-number' | 'declined';
export type ParticipantRole = 'victim' | 'next-of-kin' | 'witness' | 'legal-representative' | 'contact-person';
export type CaseStatus = 'intake' | 'active' | 'on-hold' | 'closed';
export type Confidentiality = 'normal' | 'sensitive' | 'shielded';

export interface SyntheticReferral {
  index: number;
  source: ReferralSource;
  channel: 'api' | 'phone' | 'web-form' | 'email';
  receivedAt: string;
  /** The partner's reference: the event's police reference or parket number, when it has one. */
  sourceReference: string | null;
  consents: { subject: ConsentSubject; given: boolean; source: ConsentSource; recordedAt: string }[];
  attempts: { at: string; channel: 'phone' | 'sms' | 'email'; outcome: AttemptOutcome }[];
  outcome: ReferralOutcome;
  /** What a chain partner's message would look like (no personal data: the loader adds the person it links). */
  rawPayload: Record<string, unknown>;
}

export interface SyntheticCase {
  index: number;
  openedAt: string;
  status: CaseStatus;
  closedAt: string | null;
  closeReason: string | null;
  /** 'YYYY-MM-DD': closure + 6 years; null while open. */
  retentionUntil: string | null;
  confidentiality: Confidentiality;
  tracks: SupportTrack[];
  /** The role of the referred person; `otherParticipants` are extra persons the loader may create or link. */
  primaryRole: ParticipantRole;
  otherParticipants: ParticipantRole[];
  /** How many contact moments and tasks to generate for this case (pass to the generators below). */
  contactCount: number;
  taskCount: number;
}

export interface SyntheticContactMoment {
  channel: ContactChannel;
  direction: ContactDirection;
  occurredAt: string;
  durationMinutes: number | null;
  outcome: ContactOutcome;
  summary: string;
}

export interface SyntheticTask {
  title: string;
  createdAt: string;
  /** Working days (Monday-Friday) from creation to the due date. */
  dueInWorkingDays: number;
  /** 'YYYY-MM-DD', weekends skipped; public holidays are left to the loader's calendar. */
  dueOn: string;
  status: 'open' | 'done' | 'cancelled';
  completedAt: string | null;
}

const HOUR_MS = 3_600_000;

/** '2026-000123': year and a six-digit (or longer) sequence number. */
export function caseNumber(year: number, sequence: number): string {
  return `${year}-${String(sequence).padStart(6, '0')}`;
}

/** Epoch ms after adding `days` working days (Monday-Friday) to `fromMs`. */
export function addWorkingDays(fromMs: number, days: number): number {
  let ms = fromMs;
  for (let added = 0; added < days;) {
    ms += DAY_MS;
    const weekday = new Date(ms).getUTCDay();
    if (weekday !== 0 && weekday !== 6) added++;
  }
  return ms;
}

/** A time during office hours (08:00-17:00 Dutch time, written in UTC) on a weekday at or after `ms`. */
function officeTime(rng: Rng, ms: number): number {
  let day = ms - (((ms % DAY_MS) + DAY_MS) % DAY_MS);
  while ([0, 6].includes(new Date(day).getUTCDay())) day += DAY_MS;
  return day + 7 * HOUR_MS + rng.int(0, 9 * 60 - 1) * 60_000;
}

const SOURCE_DELAY_DAYS: Record<ReferralSource, number> = { police: 1.5, 'public-prosecutor': 45, zsm: 2, self: 14, partner: 20 };

export interface ReferralOptions {
  event?: SyntheticEvent;
  /** The number of failed attempts after which a referral is "not reached" (the issue makes this configurable). */
  maxAttempts?: number;
}

export function generateReferral(ctx: DemoContext, index: number, options: ReferralOptions = {}): SyntheticReferral {
  const rng = forIndex(ctx.keys.referral, index);
  const source = rng.weighted(REFERRAL_SOURCES);
  const channel = rng.weighted(REFERRAL_CHANNELS[source]);
  const eventMs = options.event ? Date.parse(options.event.occurredAt) : rng.recent(ctx.nowMs, 6 * 365, 1.6);
  const delay = rng.logNormal(SOURCE_DELAY_DAYS[source], 0.8, 0.05, 365) * DAY_MS;
  // A referral that would arrive after "now" arrived somewhere in between instead (not all at once).
  const latest = Math.max(eventMs, ctx.nowMs - 60_000);
  const receivedMs = eventMs + delay <= latest ? eventMs + delay : eventMs + rng.next() * (latest - eventMs);
  const ageDays = (ctx.nowMs - receivedMs) / DAY_MS;
  const maxAttempts = options.maxAttempts ?? 3;

  const r = rng.next();
  const outcome: ReferralOutcome =
    ageDays < 3 && r < 0.8 ? 'open' : r < 0.72 ? 'converted' : r < 0.82 ? 'not-reached' : r < 0.94 ? 'declined' : 'duplicate';
  const attempts: SyntheticReferral['attempts'] = [];
  let at = receivedMs;
  const attempt = (result: AttemptOutcome) => {
    // A fresh referral's attempts may not all lie in the past yet: they are pressed into the last minute.
    at = Math.max(at, Math.min(officeTime(rng, at + rng.logNormal(0.8, 0.7, 0.05, 5) * DAY_MS), ctx.nowMs - 60_000));
    attempts.push({ at: isoTime(at), channel: rng.bool(0.85) ? 'phone' : rng.bool(0.5) ? 'sms' : 'email', outcome: result });
  };
  const failed = (): AttemptOutcome => rng.pick(['no-answer', 'no-answer', 'voicemail', 'voicemail', 'wrong-number']);
  if (outcome === 'open') {
    for (let i = rng.int(0, 2); i > 0; i--) attempt(failed());
  } else if (outcome === 'not-reached') {
    for (let i = 0; i < maxAttempts; i++) attempt(failed());
  } else if (outcome === 'converted' || outcome === 'declined') {
    for (let i = Math.min(rng.int(0, 2), maxAttempts - 1); i > 0; i--) attempt(failed());
    attempt(outcome === 'converted' ? 'reached' : 'declined');
  }

  const consentSource: ConsentSource =
    source === 'police'
      ? 'police'
      : source === 'public-prosecutor' || source === 'zsm'
        ? 'prosecutor'
        : source === 'partner'
          ? 'other'
          : 'client';
  const recordedAt = isoTime(receivedMs);
  const consents: SyntheticReferral['consents'] = [{ subject: 'support', given: true, source: consentSource, recordedAt }];
  if (source === 'police' || source === 'zsm')
    consents.push({ subject: 'data-sharing-police', given: rng.bool(0.9), source: consentSource, recordedAt });
  if (rng.bool(0.4)) consents.push({ subject: 'contact-by-email', given: rng.bool(0.85), source: 'client', recordedAt });
  if (rng.bool(0.25)) consents.push({ subject: 'contact-by-sms', given: rng.bool(0.85), source: 'client', recordedAt });

  const event = options.event;
  const sourceReference = !event
    ? null
    : source === 'public-prosecutor'
      ? (event.parketNumber ?? event.policeReference)
      : source === 'self'
        ? null
        : event.policeReference;
  return {
    index,
    source,
    channel,
    receivedAt: isoTime(receivedMs),
    sourceReference,
    consents,
    attempts,
    outcome,
    rawPayload: {
      messageType: channel === 'api' ? 'aanmelding-v1' : 'handmatig',
      source,
      reference: sourceReference,
      event: event
        ? { category: event.category, kind: event.kind, occurredOn: event.occurredOn, woonplaats: event.place.woonplaats }
        : null,
      consentToRefer: true,
      remarks: rng.pick([
        null,
        'Cliënt wil graag gebeld worden na 17:00.',
        'Cliënt spreekt beperkt Nederlands.',
        'Voorkeur voor contact per e-mail.',
        'Graag contact binnen twee werkdagen.',
      ]),
    },
  };
}

export interface CaseOptions {
  /** When the case opened (ISO or epoch ms); default: a recent time in the retention window. */
  openedAt?: string | number;
  event?: SyntheticEvent;
  /** The primary person's age in years (minors get a legal representative). */
  personAge?: number;
}

export function generateCase(ctx: DemoContext, index: number, options: CaseOptions = {}): SyntheticCase {
  const rng = forIndex(ctx.keys.case, index);
  const openedMs =
    options.openedAt === undefined
      ? rng.recent(ctx.nowMs, 6 * 365, 1.6)
      : typeof options.openedAt === 'number'
        ? options.openedAt
        : Date.parse(options.openedAt);
  const category = options.event?.category ?? 'violence';
  const kind = options.event?.kind ?? '';

  const closedCandidate = openedMs + rng.logNormal(75, 0.9, 3, 1500) * DAY_MS;
  const closed = closedCandidate < ctx.nowMs - DAY_MS;
  const closedMs = closed ? closedCandidate : null;
  const openDays = (ctx.nowMs - openedMs) / DAY_MS;
  const status: CaseStatus = closed ? 'closed' : openDays < 10 && rng.bool(0.7) ? 'intake' : rng.bool(0.15) ? 'on-hold' : 'active';

  const tracks: SupportTrack[] = [];
  const grave = category === 'homicide' || category === 'sexual-offence';
  if (rng.bool(grave ? 0.9 : 0.6)) tracks.push('emotional');
  if (rng.bool(category === 'property' ? 0.6 : 0.4)) tracks.push('practical');
  if (rng.bool(0.25)) tracks.push('legal');
  if (rng.bool(category === 'violence' || category === 'property' ? 0.4 : 0.2)) tracks.push('damage-recovery');
  if (rng.bool(options.event?.parketNumber ? 0.8 : 0.08)) tracks.push('criminal-proceedings');
  if (tracks.length === 0) tracks.push(rng.pick(['emotional', 'practical'] as const));

  const c = rng.next();
  const confidentiality: Confidentiality = grave
    ? c < 0.05
      ? 'shielded'
      : c < 0.4
        ? 'sensitive'
        : 'normal'
    : c < 0.005
      ? 'shielded'
      : c < 0.05
        ? 'sensitive'
        : 'normal';
  const bereaved = category === 'homicide' || category === 'missing-person' || kind.includes('dodelijke');
  const primaryRole: ParticipantRole = bereaved ? 'next-of-kin' : rng.bool(0.93) ? 'victim' : 'witness';
  const otherParticipants: ParticipantRole[] = [];
  if (options.personAge !== undefined && options.personAge < 18) otherParticipants.push('legal-representative');
  if (bereaved) for (let i = rng.int(0, 3); i > 0; i--) otherParticipants.push('next-of-kin');
  if (rng.bool(0.05)) otherParticipants.push('contact-person');
  if (rng.bool(0.04)) otherParticipants.push('legal-representative');

  const elapsedDays = ((closedMs ?? ctx.nowMs) - openedMs) / DAY_MS;
  const contactCount = Math.max(1, Math.round(Math.min(rng.logNormal(bereaved ? 12 : 4, 0.7, 1, 80), 1 + elapsedDays * 2)));
  return {
    index,
    openedAt: isoTime(openedMs),
    status,
    closedAt: closedMs === null ? null : isoTime(closedMs),
    closeReason: closed ? rng.weighted(CLOSE_REASONS) : null,
    retentionUntil: closedMs === null ? null : `${utcYear(closedMs) + 6}${isoDate(closedMs).slice(4)}`.replace('-02-29', '-02-28'),
    confidentiality,
    tracks,
    primaryRole,
    otherParticipants,
    contactCount,
    taskCount: Math.round(rng.logNormal(2, 0.6, 0, 15)),
  };
}

export interface CaseTimeline {
  openedAt: string;
  closedAt: string | null;
  tracks: readonly SupportTrack[];
}

/** The `count` contact moments of case `caseIndex`, in time order between opening and closure (or now). */
export function generateContactMoments(
  ctx: DemoContext,
  caseIndex: number,
  count: number,
  timeline: CaseTimeline,
): SyntheticContactMoment[] {
  const rng = forIndex(ctx.keys.contact, caseIndex);
  const openedMs = Date.parse(timeline.openedAt);
  const endMs = Math.max(openedMs, timeline.closedAt ? Date.parse(timeline.closedAt) : ctx.nowMs - 60_000);
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    // The first contact follows the opening within days; the rest thin out over the case's life.
    const ms = i === 0 ? openedMs + rng.next() * Math.min(3 * DAY_MS, endMs - openedMs) : openedMs + rng.next() ** 1.4 * (endMs - openedMs);
    times.push(Math.max(openedMs, Math.min(officeTime(rng, ms), endMs)));
  }
  times.sort((a, b) => a - b);
  return times.map((ms) => {
    const channel = rng.weighted(CONTACT_CHANNELS);
    const direction: ContactDirection = rng.bool(OUTBOUND_SHARE[channel]) ? 'outbound' : 'inbound';
    const outcome = contactOutcome(rng, channel, direction);
    return {
      channel,
      direction,
      occurredAt: isoTime(ms),
      durationMinutes: contactDuration(rng, channel, outcome),
      outcome,
      summary: contactSummary(rng, channel, direction, outcome, timeline.tracks),
    };
  });
}

/** The `count` tasks of case `caseIndex`; tasks of closed cases are done or cancelled. */
export function generateTasks(ctx: DemoContext, caseIndex: number, count: number, timeline: CaseTimeline): SyntheticTask[] {
  const rng = forIndex(ctx.keys.task, caseIndex);
  const openedMs = Date.parse(timeline.openedAt);
  const endMs = Math.max(openedMs, timeline.closedAt ? Date.parse(timeline.closedAt) : ctx.nowMs - 60_000);
  const tasks: SyntheticTask[] = [];
  for (let i = 0; i < count; i++) {
    const createdMs = Math.max(openedMs, Math.min(officeTime(rng, openedMs + rng.next() * (endMs - openedMs) * 0.9), endMs));
    const due = rng.pick([1, 2, 3, 5, 5, 10, 10, 15]);
    const dueMs = addWorkingDays(createdMs, due);
    const completedMs = createdMs + rng.logNormal(due * 1.2, 0.6, 0.1, 60) * DAY_MS;
    const closed = timeline.closedAt !== null;
    const done = closed || completedMs < ctx.nowMs;
    const status = done ? (rng.bool(0.05) ? 'cancelled' : 'done') : 'open';
    tasks.push({
      title: taskTitle(rng, timeline.tracks),
      createdAt: isoTime(createdMs),
      dueInWorkingDays: due,
      dueOn: isoDate(dueMs),
      status,
      completedAt: status === 'open' ? null : isoTime(Math.max(createdMs, Math.min(completedMs, endMs))),
    });
  }
  return tasks.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
}

/** The letter task of a referral that ended "not reached". */
export function notReachedTask(referral: SyntheticReferral): Pick<SyntheticTask, 'title' | 'createdAt' | 'dueInWorkingDays' | 'dueOn'> {
  const last = referral.attempts.at(-1)?.at ?? referral.receivedAt;
  const createdMs = Date.parse(last);
  return { title: NOT_REACHED_TASK, createdAt: last, dueInWorkingDays: 2, dueOn: isoDate(addWorkingDays(createdMs, 2)) };
}
