// Who may list, upload, read, change and delete documents, row by row, without a database: documents
// follow their case (whoever sees it reads them, whoever may change the open case adds, edits and
// deletes them); restricted ones also need documents.read-restricted in the case's unit; quarantined
// ones are only for documents.manage-quarantine, which removes them and never reads them (docs/security.md,
// Referrals, contact moments, tasks, documents and search).
import { caseDocumentsPolicy, documentPolicy, type DocumentResource } from './documents.policy.ts';
import type { CaseAccess } from '../cases/index.ts';
import { ANONYMOUS, actor, policyTable } from '../../../test/helpers/policy-table.ts';

const TEAM_A = 'team-a';
const TEAM_B = 'team-b';
const NATIONAL = 'national';
const WORKER = ['cases.create', 'cases.update', 'documents.read-restricted'];
const LEAD = ['cases.read-unit', 'cases.update', 'cases.grant-access', 'documents.read-restricted'];

const kase = (over: Partial<CaseAccess> = {}): CaseAccess => ({
  id: 'case',
  primaryClientId: null,
  owningUnitId: TEAM_A,
  confidentiality: 'normal',
  closed: false,
  assigned: false,
  granted: false,
  ...over,
});
const document = (caseOver: Partial<CaseAccess> | null, over: Partial<DocumentResource> = {}): DocumentResource => ({
  restricted: false,
  quarantined: false,
  case: caseOver === null ? null : kase(caseOver),
  ...over,
});

const worker = actor({ [TEAM_A]: WORKER });
const volunteer = actor();
const leadA = actor({ [TEAM_A]: LEAD });
const quarantineManager = actor({ [NATIONAL]: ['documents.manage-quarantine'] });

policyTable('caseDocumentsPolicy', caseDocumentsPolicy, [
  { name: 'the assigned case worker', actor: worker, resource: kase({ assigned: true }), allows: ['list', 'upload', 'uploadRestricted'] },
  {
    name: 'an assigned volunteer adds no restricted documents',
    actor: volunteer,
    resource: kase({ assigned: true }),
    allows: ['list', 'upload'],
  },
  { name: 'an assigned volunteer on a closed case', actor: volunteer, resource: kase({ assigned: true, closed: true }), allows: ['list'] },
  { name: 'the assigned case worker on a closed case', actor: worker, resource: kase({ assigned: true, closed: true }), allows: ['list'] },
  { name: 'the team lead on her unit’s case', actor: leadA, resource: kase(), allows: ['list', 'upload', 'uploadRestricted'] },
  { name: 'the team lead without a grant on a shielded case', actor: leadA, resource: kase({ confidentiality: 'shielded' }), allows: [] },
  { name: 'a unit-wide reader', actor: actor({ [TEAM_A]: ['cases.read-unit'] }), resource: kase(), allows: ['list'] },
  {
    name: 'granted from team B, whose permissions hold in team B only',
    actor: actor({ [TEAM_B]: WORKER }),
    resource: kase({ granted: true }),
    allows: ['list'],
  },
  { name: 'another team’s lead', actor: actor({ [TEAM_B]: LEAD }), resource: kase(), allows: [] },
  { name: 'anonymous', actor: ANONYMOUS, resource: kase(), allows: [] },
]);

policyTable('documentPolicy', documentPolicy, [
  {
    name: 'the assigned case worker, an ordinary document',
    actor: worker,
    resource: document({ assigned: true }),
    allows: ['read', 'update', 'delete'],
  },
  {
    name: 'the assigned case worker, a restricted document',
    actor: worker,
    resource: document({ assigned: true }, { restricted: true }),
    allows: ['read', 'update', 'delete'],
  },
  {
    name: 'an assigned volunteer, an ordinary document',
    actor: volunteer,
    resource: document({ assigned: true }),
    allows: ['read', 'update', 'delete'],
  },
  {
    name: 'an assigned volunteer does not see a restricted document',
    actor: volunteer,
    resource: document({ assigned: true }, { restricted: true }),
    allows: [],
  },
  {
    name: 'the assigned case worker on a closed case only reads',
    actor: worker,
    resource: document({ assigned: true, closed: true }),
    allows: ['read'],
  },
  { name: 'a unit-wide reader only reads', actor: actor({ [TEAM_A]: ['cases.read-unit'] }), resource: document({}), allows: ['read'] },
  {
    name: 'the team lead without a grant on a shielded case',
    actor: leadA,
    resource: document({ confidentiality: 'shielded' }),
    allows: [],
  },
  {
    name: 'the assigned case worker, a quarantined document',
    actor: worker,
    resource: document({ assigned: true }, { quarantined: true }),
    allows: [],
  },
  {
    name: 'the quarantine manager removes a quarantined document without seeing its case',
    actor: quarantineManager,
    resource: document(null, { quarantined: true }),
    allows: ['delete'],
  },
  { name: 'the quarantine manager, a document that is not quarantined', actor: quarantineManager, resource: document(null), allows: [] },
]);
