// What may be done with a referral, row by row, without a database. Seeing one is row-level security's;
// while it is live (open, in contact, not reached) the team works its queue (referrals.read-unit) and an
// assignee what was handed to her; assigning is referrals.assign, converting and closing referrals.convert,
// in the referral's unit; a converted, duplicate or declined referral takes nothing more.
import { definePolicy } from '../../kernel/auth/policy.ts';
import { mayReturn, referralPolicy, type ReferralResource } from './referrals.policy.ts';
import { ANONYMOUS, actor, policyTable } from '../../../test/helpers/policy-table.ts';

const TEAM_A = 'team-a';
const TEAM_B = 'team-b';
const WORKER = ['referrals.read-unit', 'referrals.create', 'referrals.convert'];
const LEAD = ['referrals.read-unit', 'referrals.create', 'referrals.assign', 'referrals.convert'];

const referral = (over: Partial<ReferralResource> = {}): ReferralResource => ({
  owningUnitId: TEAM_A,
  status: 'open',
  assignedTo: null,
  ...over,
});

const workerA = actor({ [TEAM_A]: WORKER }, { id: 'me' });
const leadA = actor({ [TEAM_A]: LEAD }, { id: 'me' });
const ALL_BUT_ASSIGN = ['recordAttempt', 'take', 'convert', 'close'] as const;

policyTable('referralPolicy', referralPolicy, [
  { name: 'a case worker of the team, an unassigned open referral', actor: workerA, resource: referral(), allows: ALL_BUT_ASSIGN },
  { name: 'a case worker of the team, in contact', actor: workerA, resource: referral({ status: 'in-contact' }), allows: ALL_BUT_ASSIGN },
  { name: 'a case worker of the team, not reached', actor: workerA, resource: referral({ status: 'not-reached' }), allows: ALL_BUT_ASSIGN },
  {
    name: 'a case worker of the team, assigned to a colleague: the team still works it',
    actor: workerA,
    resource: referral({ assignedTo: 'colleague' }),
    allows: ['recordAttempt', 'convert', 'close'],
  },
  {
    name: 'the team lead, unassigned',
    actor: leadA,
    resource: referral(),
    allows: ['recordAttempt', 'assign', 'take', 'convert', 'close'],
  },
  {
    name: 'the team lead, assigned to her',
    actor: leadA,
    resource: referral({ assignedTo: 'me' }),
    allows: ['recordAttempt', 'assign', 'convert', 'close'],
  },
  {
    name: 'an assignee from team B works it, converts only with referrals.convert in team A',
    actor: actor({ [TEAM_B]: WORKER }, { id: 'me' }),
    resource: referral({ assignedTo: 'me' }),
    allows: ['recordAttempt'],
  },
  {
    name: 'an assignee holding only referrals.convert in team A',
    actor: actor({ [TEAM_A]: ['referrals.convert'] }, { id: 'me' }),
    resource: referral({ assignedTo: 'me' }),
    allows: ['recordAttempt', 'convert', 'close'],
  },
  { name: 'a case worker of team B', actor: actor({ [TEAM_B]: WORKER }, { id: 'me' }), resource: referral(), allows: [] },
  {
    name: 'a service account with the team’s queue takes nothing',
    actor: actor({ [TEAM_A]: ['referrals.read-unit'] }, { id: 'me', kind: 'service' }),
    resource: referral(),
    allows: ['recordAttempt'],
  },
  { name: 'converted', actor: leadA, resource: referral({ status: 'converted' }), allows: [] },
  { name: 'duplicate', actor: leadA, resource: referral({ status: 'duplicate' }), allows: [] },
  { name: 'declined', actor: leadA, resource: referral({ status: 'declined', assignedTo: 'me' }), allows: [] },
  { name: 'anonymous', actor: ANONYMOUS, resource: referral(), allows: [] },
]);

// Giving a referral back to the queue: the assignee who can still see it there.
policyTable('mayReturn', definePolicy<ReferralResource, 'return'>({ return: mayReturn }), [
  { name: 'the assignee, of the team', actor: workerA, resource: referral({ assignedTo: 'me' }), allows: ['return'] },
  {
    name: 'the assignee from another team',
    actor: actor({ [TEAM_B]: WORKER }, { id: 'me' }),
    resource: referral({ assignedTo: 'me' }),
    allows: [],
  },
  { name: 'a team member it is not assigned to', actor: workerA, resource: referral({ assignedTo: 'colleague' }), allows: [] },
  {
    name: 'the assignee of a converted referral',
    actor: workerA,
    resource: referral({ assignedTo: 'me', status: 'converted' }),
    allows: [],
  },
]);
