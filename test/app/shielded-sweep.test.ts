// The shielded-case sweep (issue 9, acceptance): a shielded case in team a with everything a case has
// (its client and next of kin as participants, an incident, the referral it came from with contact
// attempts and a task, tasks, a contact moment, a document), and every route of the inventory that
// reads or lists, called by an ungranted case worker of team a and by team a's lead without a grant:
//   - GET routes with a path parameter naming a case resource, once with each of the shielded case's
//     ids that fit: the answer is exactly that for an id that does not exist (status, problem type);
//   - every GET route with each combination of its enumerated query parameters (from the OpenAPI
//     document), without filters and with each filter pointed at the shielded case (caseId, personId,
//     referralId, policeReference, …): a filter answers as one pointing at nothing;
//   - POST /search with the client's name, BSN, phone, case number and police reference, and
//     break-the-glass by the case number;
// no answer holds an id, the number, a name or a text of the case. Counts: a second shielded case just
// like it (same names, reference and texts) changes no answer at all. The duplicate check registers the
// client again as if there were no match; every change the permission matrix makes to the shielded
// case (its catalogue) answers these two as it does for an id of nothing. New GET routes are probed automatically; one whose path
// names no case resource must be listed in UNFILLABLE. The control: the case's own worker finds every
// id of it through the same probes, so the sweep would see a leak.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { buildWorld, type Caller, type Casework, type World } from '../helpers/world.ts';
import type { ProbeContext } from './permission-matrix/catalogue.ts';
import { catalogue } from './permission-matrix/routes.ts';

type Kind = 'case' | 'person' | 'incident' | 'referral' | 'task' | 'contact-moment' | 'document';
/** Parameters (path or query) that name a resource of a case. */
const NAMES: Record<string, Kind> = {
  caseId: 'case',
  personId: 'person',
  incidentId: 'incident',
  referralId: 'referral',
  taskId: 'task',
  contactMomentId: 'contact-moment',
  documentId: 'document',
};
const idsOf = (s: Casework): Record<Kind, string[]> => ({
  case: [s.kase.id],
  person: [s.client.id, s.kin.id],
  incident: [s.incident.id],
  referral: [s.referral.id],
  task: [s.caseTask.id, s.referral.taskId],
  'contact-moment': [s.contactMoment.id],
  document: [s.document.id],
});

/** GET routes whose path names no resource of a case, and why they need no probe with the shielded case. */
const UNFILLABLE: Record<string, string> = {
  'GET /api/v1/users/:userId': 'a user account, not case data (who may read it: the permission matrix)',
  'GET /api/v1/users/:userId/sessions': 'a user’s sessions, not case data',
  'GET /api/v1/service-accounts/:accountId/tokens': 'a service account’s tokens, not case data',
  'GET /api/v1/access-reviews/campaigns/:campaignId': 'a review campaign of grants, not case data',
  'GET /api/v1/access-reviews/campaigns/:campaignId/report.csv': 'a review campaign of grants, not case data',
  'GET /api/v1/access-reviews/campaigns/:campaignId/report.pdf': 'a review campaign of grants, not case data',
  'GET /api/v1/audit/alerts/:alertId': 'a detection alert about a user (its triggering events by id and action only), not case data',
  'GET /api/v1/privacy/processing-activities/:activityId': 'an activity of the processing register, not case data',
  'GET /api/v1/privacy/processing-activities/:activityId/history': 'an activity of the processing register, not case data',
  'GET /admin/users/:userId': 'the web client’s page (index.html, the same for every id): no data',
  'GET /admin/access-reviews/:campaignId': 'the web client’s page (index.html, the same for every id): no data',
  'GET /audit/alerts/:alertId': 'the web client’s page (index.html, the same for every id): no data',
  'GET /privacy/destruction/:roundId': 'the web client’s page (index.html, the same for every id): no data',
  'GET /api/v1/privacy/destruction-lists/:roundId': 'a destruction list: privacy.destruction only, which neither caller holds',
  'GET /api/v1/privacy/destruction-lists/:roundId/items': 'a destruction list: privacy.destruction only, which neither caller holds',
  'GET /api/v1/privacy/destruction-lists/:roundId/report': 'a destruction list: privacy.destruction only, which neither caller holds',
  'GET /api/v1/privacy/destruction-lists/:roundId/report.pdf': 'a destruction list: privacy.destruction only, which neither caller holds',
};
/** Fields that differ between two identical requests whatever the data (a session's lastSeenAt moves once a minute). */
const VOLATILE_FIELDS = new Set(['instance', 'requestId', 'traceId', 'lastSeenAt']);
/** Routes whose answer changes by itself (counters, clocks): scanned, not compared between passes. */
const VOLATILE_ROUTES: Record<string, string> = {
  'GET /metrics': 'request counters and timings: they count this sweep’s own requests',
  'GET /health/ready': 'its checks in the order they finished',
};

interface Probe {
  route: string;
  method: 'GET' | 'POST';
  url: string;
  body?: unknown;
  /** The same request with the shielded case's id or text replaced by one of nothing. */
  nothing?: { url: string; body?: unknown };
  /** Names the shielded case (a path parameter or a filter). */
  filled: boolean;
}

interface Schema {
  enum?: unknown[];
  anyOf?: Schema[];
  type?: string;
  maximum?: number;
}
interface Parameter {
  name: string;
  in: string;
  schema: Schema;
}
type OpenApi = { paths: Record<string, Record<string, { parameters?: Parameter[] }>> };

function choices(schema: Schema): unknown[] | null {
  if (schema.enum) return schema.enum;
  if (schema.anyOf?.every((s) => s.enum)) return schema.anyOf.flatMap((s) => s.enum!);
  if (schema.type === 'boolean') return [true, false];
  return null;
}

const query = (values: Record<string, unknown>) => {
  const text = new URLSearchParams(Object.entries(values).map(([k, v]): [string, string] => [k, String(v)])).toString();
  return text ? `?${text}` : '';
};

/** Every read probe of the inventory, with the shielded case `s` (unfilled probes name nothing of it). */
function probes(world: World, document: OpenApi, s: Casework): { probes: Probe[]; unfillable: string[] } {
  const ids = idsOf(s);
  const out: Probe[] = [];
  const unfillable: string[] = [];
  const routes = world.system.app.routeAccess.filter((r) => r.method.split(',').includes('GET')).map((r) => r.url);
  for (const url of [...new Set(routes)]) {
    const route = `GET ${url}`;
    const params = [...url.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);
    if (params.some((p) => !NAMES[p])) {
      unfillable.push(route);
      continue;
    }
    const path = url.replace('*', 'swagger-ui.css');
    // Each combination of the path's shielded ids (one parameter in every route of the inventory today).
    let paths: { url: string; nothing: string; filled: boolean }[] = [{ url: path, nothing: path, filled: false }];
    for (const p of params) {
      paths = paths.flatMap((x) =>
        ids[NAMES[p]!].map((id) => ({ url: x.url.replace(`:${p}`, id), nothing: x.nothing.replace(`:${p}`, randomUUID()), filled: true })),
      );
    }
    const spec = document.paths[(url.replace(/^\/api\/v1/, '') || '/').replace(/:([A-Za-z]+)/g, '{$1}')]?.get;
    const queryParams = (spec?.parameters ?? []).filter((p) => p.in === 'query');
    let bases: Record<string, unknown>[] = [{}];
    for (const p of queryParams) {
      const values = choices(p.schema);
      if (values) bases = bases.flatMap((b) => [b, ...values.map((v) => ({ ...b, [p.name]: v }))]);
      else if (p.name === 'limit' && p.schema.maximum) bases = bases.map((b) => ({ ...b, limit: p.schema.maximum }));
    }
    // Filters: pointed at the shielded case (and at nothing, to compare), or the context (its unit).
    const filters: { name: string; value: string; nothing: string | null }[] = [];
    for (const p of queryParams) {
      const kind = NAMES[p.name];
      if (kind) for (const id of ids[kind]) filters.push({ name: p.name, value: id, nothing: randomUUID() });
      if (p.name === 'policeReference') filters.push({ name: p.name, value: s.incident.policeReference, nothing: 'PL0900-2026-NIETS' });
      if (p.name === 'q') filters.push({ name: p.name, value: s.client.achternaam, nothing: 'Nietbestaand' });
      if (p.name === 'unitId') filters.push({ name: p.name, value: s.unitId, nothing: null });
    }
    for (const x of paths) {
      for (const base of bases) {
        out.push({
          route,
          method: 'GET',
          url: `${x.url}${query(base)}`,
          filled: x.filled,
          ...(x.filled ? { nothing: { url: `${x.nothing}${query(base)}` } } : {}),
        });
        for (const f of filters) {
          out.push({
            route,
            method: 'GET',
            url: `${x.url}${query({ ...base, [f.name]: f.value })}`,
            filled: x.filled || f.nothing !== null,
            ...(x.filled || f.nothing !== null
              ? { nothing: { url: `${x.nothing}${query({ ...base, [f.name]: f.nothing ?? f.value })}` } }
              : {}),
          });
        }
      }
    }
  }
  // Reads by POST: search terms of every kind, and breaking the glass by the case's number.
  const dob = s.client.dateOfBirth.split('-').reverse().join('-');
  const bsn = s.client.bsn;
  const searches: [string, string | null][] = [
    [`${s.client.voornamen} ${s.client.achternaam}`, null],
    [s.client.achternaam, null],
    [`${s.client.achternaam} ${dob}`, null],
    [`${s.kin.voornamen} ${s.kin.achternaam}`, null],
    [s.client.phone, null],
    [bsn, '999999990'],
    [`${bsn.slice(0, 4)}.${bsn.slice(4, 6)}.${bsn.slice(6)}`, '9999.99.990'],
    [s.kase.number, `${s.kase.number.slice(0, 5)}000000000`],
    [s.incident.policeReference, 'PL0900-2026-NIETS'],
  ];
  for (const [term, nothing] of searches) {
    out.push({
      route: 'POST /api/v1/search',
      method: 'POST',
      url: '/api/v1/search',
      body: { query: term, limit: 50 },
      filled: true,
      ...(nothing ? { nothing: { url: '/api/v1/search', body: { query: nothing, limit: 50 } } } : {}),
    });
  }
  const reason = 'Sweep: is this case known?';
  out.push({
    route: 'POST /api/v1/cases/break-glass',
    method: 'POST',
    url: '/api/v1/cases/break-glass',
    body: { caseNumber: s.kase.number, reason },
    filled: true,
    nothing: { url: '/api/v1/cases/break-glass', body: { caseNumber: `${s.kase.number.slice(0, 5)}000000000`, reason } },
  });
  return { probes: out, unfillable };
}

/** What of the case a text holds: its ids, its number, names, BSN, phone, reference and texts. */
function needles(s: Casework): string[] {
  return [
    ...Object.values(idsOf(s)).flat(),
    ...s.kase.participantIds,
    ...s.referral.attemptIds,
    s.kase.number,
    s.client.voornamen,
    s.client.achternaam,
    s.client.bsn,
    s.client.phone.slice(2),
    s.kin.voornamen,
    s.kin.achternaam,
    s.incident.policeReference,
    s.incident.description,
    s.incident.place,
    s.referral.sourceReference,
    s.referral.note,
    s.referral.taskTitle,
    s.caseTask.title,
    s.contactMoment.summary,
    s.document.filename,
  ];
}

/** The answer as compared and scanned: JSON without the fields that change by themselves (a problem's instance names the path asked). */
function normalised(response: LightMyRequestResponse): string {
  const type = String(response.headers['content-type'] ?? '');
  if (!type.includes('json')) return response.body;
  return JSON.stringify(response.json(), (key, value: unknown) => (VOLATILE_FIELDS.has(key) ? undefined : value));
}

async function send(caller: Caller, method: string, url: string, body?: unknown) {
  return caller.request(method, url, body !== undefined ? { body } : {});
}

describe('the shielded-case sweep', () => {
  let world: World;
  let document: OpenApi;
  let shielded: Casework;
  let sweep: { probes: Probe[]; unfillable: string[] };
  const cleanups: (() => unknown)[] = [];
  const seen = new Map<string, Map<string, string>>();
  before(async () => {
    world = await buildWorld({ after: (fn) => cleanups.push(fn as () => unknown) });
    document = (await world.callers.anonymous.request('GET', '/api/v1/openapi.json')).json<OpenApi>();
    shielded = world.casework.shielded;
    sweep = probes(world, document, shielded);
  });
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  /** Runs every probe as the caller: what each answered, and which needles any answer held. */
  const walk = async (caller: Caller, marks: string[]) => {
    const answers = new Map<string, string>();
    const found = new Map<string, string>();
    const differences: string[] = [];
    for (const probe of sweep.probes) {
      const response = await send(caller, probe.method, probe.url, probe.body);
      assert.ok(response.statusCode < 500, `${probe.method} ${probe.url}: ${response.statusCode} ${response.body}`);
      const text = normalised(response);
      answers.set(`${probe.method} ${probe.url} ${JSON.stringify(probe.body ?? null)}`, `${response.statusCode} ${text}`);
      for (const mark of marks)
        if (text.includes(mark) && !found.has(mark))
          found.set(mark, `${probe.method} ${probe.url} -> ${response.statusCode} ${text.slice(0, 300)}`);
      if (probe.nothing) {
        const none = await send(caller, probe.method, probe.nothing.url, probe.nothing.body);
        const same =
          response.statusCode === none.statusCode &&
          (probe.route === 'POST /api/v1/search'
            ? text.replace(/"terms":\[[^\]]*\]/, '') === normalised(none).replace(/"terms":\[[^\]]*\]/, '')
            : text === normalised(none));
        if (!same)
          differences.push(
            `${probe.method} ${probe.url} ${JSON.stringify(probe.body ?? '')}: ${response.statusCode} ${text.slice(0, 200)}\n    as for nothing: ${none.statusCode} ${normalised(none).slice(0, 200)}`,
          );
      }
    }
    return { answers, found, differences };
  };

  test('every GET route is probed with the shielded case, or listed as naming no case resource', () => {
    assert.deepEqual(
      sweep.unfillable.filter((route) => !UNFILLABLE[route]),
      [],
      'GET routes whose path names no case resource: add them to UNFILLABLE with a reason, or teach the sweep to fill them',
    );
    assert.deepEqual(
      Object.keys(UNFILLABLE).filter((route) => !sweep.unfillable.includes(route)),
      [],
      'UNFILLABLE lists routes the sweep can fill or that are gone',
    );
    const routes = new Set(sweep.probes.map((p) => p.route));
    assert.ok(routes.size > 30, `GET routes probed: ${routes.size}`);
    assert.ok(
      sweep.probes.filter((p) => p.filled).length > 50,
      `probes naming the shielded case: ${sweep.probes.filter((p) => p.filled).length}`,
    );
  });

  for (const who of ['case-worker', 'team-lead'] as const) {
    test(`${who === 'case-worker' ? 'an ungranted colleague of the team' : 'the team lead without a grant'}: nothing of the case in any answer, every id answers as one of nothing`, async () => {
      const { answers, found, differences } = await walk(world.callers[who], needles(shielded));
      seen.set(who, answers);
      assert.deepEqual([...found.values()], [], 'answers holding something of the shielded case');
      assert.deepEqual(differences, [], 'answers that differ from those for nothing');
    });
  }

  test('the control: the case’s own worker finds every id of it through the same probes', async () => {
    const { found } = await walk(shielded.author, needles(shielded));
    const ids = [
      ...Object.values(idsOf(shielded)).flat(),
      ...shielded.kase.participantIds,
      ...shielded.referral.attemptIds,
      shielded.kase.number,
    ];
    assert.deepEqual(
      ids.filter((id) => !found.has(id)),
      [],
      'ids of the shielded case its worker did not find',
    );
  });

  test('a second shielded case just like it changes no answer: no count includes them', async () => {
    const twin = await world.shieldedTwin();
    for (const who of ['case-worker', 'team-lead'] as const) {
      const { answers, found } = await walk(world.callers[who], needles(twin));
      assert.deepEqual([...found.values()], [], `${who}: answers holding something of the second case`);
      const changed = [...answers].filter(([key, answer]) => {
        const route = `${key.split(' ')[0]} ${key.split(' ')[1]!.split('?')[0]}`;
        return !Object.keys(VOLATILE_ROUTES).some((r) => route === r) && seen.get(who)!.get(key) !== answer;
      });
      assert.deepEqual(
        changed.map(
          ([key, answer]) => `${key}\n    before: ${seen.get(who)!.get(key)?.slice(0, 300)}\n    after:  ${answer.slice(0, 300)}`,
        ),
        [],
        `${who}: answers that changed`,
      );
    }
  });

  test('every change naming the case is refused exactly as for ids of nothing', async () => {
    const ids = [...Object.values(idsOf(shielded)).flat(), ...shielded.kase.participantIds, ...shielded.referral.attemptIds];
    const differences: string[] = [];
    let compared = 0;
    for (const entry of catalogue) {
      if (entry.route.startsWith('GET ') || entry.unscoped || entry.without?.scopes.includes('shielded')) continue;
      const method = entry.route.split(' ')[0]!;
      for (const who of ['case-worker', 'team-lead'] as const) {
        const caller = world.callers[who];
        const ctx: ProbeContext = {
          world,
          scope: 'shielded',
          caller,
          callerName: who,
          work: shielded,
          org: world.organisation.own,
          fresh: (kind) => world.fresh(kind, 'shielded'),
          version: async (table, id) =>
            (await world.owner<{ version: number }>(`select version from ${table} where id = $1`, [id]))[0]!.version,
        };
        const probe = await entry.probe(ctx);
        const named = ids.filter((id) => `${probe.url} ${JSON.stringify(probe.body ?? null)}`.includes(id));
        // A change of a fresh shielded resource of its own: the permission matrix's shielded column.
        if (named.length === 0) continue;
        const swap = new Map(named.map((id) => [id, randomUUID()]));
        const elsewhere = (text: string) => [...swap].reduce((t, [id, other]) => t.replaceAll(id, other), text);
        const options = { ...(probe.raw ? { raw: probe.raw } : {}), ...(probe.headers ? { headers: probe.headers } : {}) };
        const response = await caller.request(method, probe.url, { ...options, ...(probe.body !== undefined ? { body: probe.body } : {}) });
        const none = await caller.request(method, elsewhere(probe.url), {
          ...options,
          ...(probe.body !== undefined ? { body: JSON.parse(elsewhere(JSON.stringify(probe.body))) as unknown } : {}),
        });
        compared++;
        if (response.statusCode < 400 || response.statusCode !== none.statusCode || normalised(response) !== normalised(none)) {
          differences.push(
            `${who} ${method} ${probe.url}: ${response.statusCode} ${normalised(response).slice(0, 200)}\n    for nothing: ${none.statusCode} ${normalised(none).slice(0, 200)}`,
          );
        }
      }
    }
    assert.ok(compared > 20, `changes compared: ${compared}`);
    assert.deepEqual(differences, []);
  });

  test('the duplicate check registers the client again as if nobody had her name, birth date or BSN', async () => {
    for (const who of ['case-worker', 'team-lead'] as const) {
      const caller = world.callers[who];
      const unknown = world.unique('Onbekend');
      for (const [asked, control] of [
        [
          { voornamen: shielded.client.voornamen, achternaam: shielded.client.achternaam, dateOfBirth: shielded.client.dateOfBirth },
          { voornamen: shielded.client.voornamen, achternaam: unknown, dateOfBirth: shielded.client.dateOfBirth },
        ],
        [
          { achternaam: unknown, bsn: shielded.client.bsn },
          { achternaam: unknown, bsn: '999999990' },
        ],
      ]) {
        const answer = await send(caller, 'POST', '/api/v1/persons', asked);
        const none = await send(caller, 'POST', '/api/v1/persons', control);
        assert.equal(answer.statusCode, none.statusCode, `${who}: ${answer.body}`);
        assert.equal(answer.statusCode, 201, `${who}: ${answer.body}`);
        const marks = needles(shielded).filter((n) => normalised(answer).includes(n) && !JSON.stringify(asked).includes(n));
        assert.deepEqual(marks, [], `${who}: the registration names something of the shielded case`);
      }
    }
  });
});
