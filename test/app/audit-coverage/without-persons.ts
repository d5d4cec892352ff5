// Routes whose call in the audit coverage test (audit-coverage.test.ts) concerns no person and names
// none in its audit, each with the reason: what it touches is not a registered person's data. A route
// listed here that turns out to concern someone fails the test, as does a route neither audited nor
// listed: a new route lands in one or the other.

import { WEB_CLIENT_PATHS } from '../../../src/kernel/http/web-client.ts';

const PUBLIC = 'public: the API root and description, health and metrics, the same for everyone; no personal data';
const WEB_PAGE =
  'the web client’s page (index.html or a hashed asset), the same for any id in the path; the API calls the page makes are covered themselves';
const SETUP = 'first-run setup: makes the first administrator (a staff account), refused to everyone once one exists';
const ACCOUNT =
  'a sign-in step or the caller’s own account (session, password, second factors, passkeys, preferences, token): staff sign-in data, no client’s; audited as auth.* and session.* events';
const ORGANISATION =
  'the organisation: units, users, groups, roles, grants and service accounts (staff and their rights), no client’s data; audited with the unit, user, group, role or grant as object';
const REVIEWS = 'access reviews: who holds which grant (staff), no client’s data; audited as access-review.* events';
const UNREGISTERED =
  'a referral of someone not registered as a person yet: her name is on the referral itself, there is no person id to name; audited with the referral as object, which its conversion links to the person it registers';
const UNREGISTERED_TASK =
  'a task on a referral of someone not registered as a person yet (see the referrals): audited with the task and the referral';
const CONVERTED_ATTEMPTS =
  'a converted referral takes no contact attempts: refused (409) to everyone; the open variant is the one that succeeds';
const EMPTY_CASE =
  'the catalogue opens a case without participants: it names no one; opened with participants, case.create names them all (cases.service.ts)';
const UNLINKED_INCIDENT =
  'an incident recorded before any case or referral links a person to it: audited with the incident as object; once linked, its reads and changes name the persons of its cases';
const BREAK_GLASS_REQUESTS =
  'the break-the-glass requests the caller made or may decide: the world’s case worker has none; a list that shows requests names the clients of their cases';
const QUARANTINE =
  'quarantined files of every case by id, size and type, without file names, cases or content (documents.manage-quarantine)';

const REGISTER =
  'the processing register (GDPR art. 30): the organisation’s processing activities, no person’s data; audited as privacy.register-* events';
const ALERTS =
  'detection alerts: a rule, a staff member, a window and event ids, no client’s data (what was looked at stays in the trail); audited as audit.alert-* events';
const DESTRUCTION_LISTS =
  'a destruction list: case numbers, types, units, retention dates and signatures, no person’s data; carrying it out is the job’s, which audits every case it destroys';
const HOLD_WITHOUT_CLIENT =
  'the catalogue’s case has no primary client: a hold names the case’s primary client when it has one (legal-hold.service.ts)';
const ERASURE_REFUSED = 'erasing a person with an open case: refused (409) to everyone; the closed variant is the one that succeeds';

const VERIFICATION =
  'the audit trail’s verification: results, signed checkpoints (sizes and roots), retention boundaries and public keys; no event content, no person';

export const WITHOUT_PERSONS: Record<string, string> = {
  // Every path of the web client answers index.html, the same for everyone (WEB_CLIENT_PATHS).
  ...Object.fromEntries(WEB_CLIENT_PATHS.map((path) => [`GET ${path}`, WEB_PAGE])),
  'GET /api/v1/audit/verification': VERIFICATION,
  'GET /api/v1/audit/verification/runs': VERIFICATION,
  'GET /api/v1/audit/checkpoints': VERIFICATION,
  'GET /api/v1/audit/retention-boundaries': VERIFICATION,
  'GET /api/v1/audit/keys': VERIFICATION,
  'GET /api/v1/privacy/processing-activities': REGISTER,
  'POST /api/v1/privacy/processing-activities': REGISTER,
  'GET /api/v1/privacy/processing-activities/:activityId': REGISTER,
  'GET /api/v1/privacy/processing-activities/:activityId/history': REGISTER,
  'PATCH /api/v1/privacy/processing-activities/:activityId': REGISTER,
  'POST /api/v1/privacy/processing-activities/:activityId/retire': REGISTER,
  'GET /api/v1/audit/alerts': ALERTS,
  'GET /api/v1/audit/alerts/:alertId': ALERTS,
  'POST /api/v1/audit/alerts/:alertId/acknowledge': ALERTS,
  'POST /api/v1/audit/alerts/:alertId/close': ALERTS,
  'GET /api/v1/privacy/destruction-lists': DESTRUCTION_LISTS,
  'POST /api/v1/privacy/destruction-lists': DESTRUCTION_LISTS,
  'GET /api/v1/privacy/destruction-lists/:roundId': DESTRUCTION_LISTS,
  'GET /api/v1/privacy/destruction-lists/:roundId/items': DESTRUCTION_LISTS,
  'POST /api/v1/privacy/destruction-lists/:roundId/items/:itemId/remove': DESTRUCTION_LISTS,
  'POST /api/v1/privacy/destruction-lists/:roundId/review': DESTRUCTION_LISTS,
  'POST /api/v1/privacy/destruction-lists/:roundId/approve': DESTRUCTION_LISTS,
  'POST /api/v1/privacy/destruction-lists/:roundId/cancel': DESTRUCTION_LISTS,
  'GET /api/v1/privacy/destruction-lists/:roundId/report': DESTRUCTION_LISTS,
  'GET /api/v1/privacy/destruction-lists/:roundId/report.pdf': DESTRUCTION_LISTS,
  'POST /api/v1/cases/:caseId/legal-hold/lift': HOLD_WITHOUT_CLIENT,
  'POST /api/v1/privacy/persons/:personId/erasure (open case: refused)': ERASURE_REFUSED,
  'GET /api/v1': PUBLIC,
  'GET /api/v1/openapi.json': PUBLIC,
  'GET /api/v1/docs': PUBLIC,
  'GET /api/v1/docs/json': PUBLIC,
  'GET /api/v1/docs/yaml': PUBLIC,
  'GET /api/v1/docs/static/index.html': PUBLIC,
  'GET /api/v1/docs/static/swagger-initializer.js': PUBLIC,
  'GET /api/v1/docs/static/*': PUBLIC,
  'GET /health/live': PUBLIC,
  'GET /health/ready': PUBLIC,
  'GET /metrics': PUBLIC,
  'POST /api/v1/setup': SETUP,
  'GET /api/v1/referrals': UNREGISTERED,
  'POST /api/v1/referrals': UNREGISTERED,
  'GET /api/v1/referrals/:referralId (open)': UNREGISTERED,
  'POST /api/v1/referrals/:referralId/assign': UNREGISTERED,
  'POST /api/v1/referrals/:referralId/attempts (open)': UNREGISTERED,
  'POST /api/v1/referrals/:referralId/attempts (converted)': CONVERTED_ATTEMPTS,
  'POST /api/v1/referrals/:referralId/close': UNREGISTERED,
  'POST /api/v1/cases': EMPTY_CASE,
  'GET /api/v1/access-reviews/campaigns': REVIEWS,
  'POST /api/v1/access-reviews/campaigns': REVIEWS,
  'GET /api/v1/access-reviews/campaigns/:campaignId': REVIEWS,
  'POST /api/v1/access-reviews/campaigns/:campaignId/close': REVIEWS,
  'GET /api/v1/access-reviews/campaigns/:campaignId/report.csv': REVIEWS,
  'GET /api/v1/access-reviews/campaigns/:campaignId/report.pdf': REVIEWS,
  'GET /api/v1/access-reviews/my-items': REVIEWS,
  'POST /api/v1/access-reviews/items/:itemId/decision': REVIEWS,
  'GET /assets/*': WEB_PAGE,
  'GET /api/v1/auth/sso': ACCOUNT,
  'POST /api/v1/auth/sign-in': ACCOUNT,
  'GET /api/v1/auth/pending': ACCOUNT,
  'POST /api/v1/auth/second-factor': ACCOUNT,
  'POST /api/v1/auth/totp/enrolment': ACCOUNT,
  'POST /api/v1/auth/totp/enrolment/confirm': ACCOUNT,
  'POST /api/v1/auth/webauthn/registration/options': ACCOUNT,
  'POST /api/v1/auth/webauthn/registration': ACCOUNT,
  'POST /api/v1/auth/webauthn/authentication/options': ACCOUNT,
  'POST /api/v1/auth/webauthn/authentication': ACCOUNT,
  'POST /api/v1/auth/password-reset': ACCOUNT,
  'POST /api/v1/auth/password-reset/complete': ACCOUNT,
  'POST /api/v1/auth/sign-out': ACCOUNT,
  'GET /api/v1/auth/session': ACCOUNT,
  'GET /api/v1/auth/token': ACCOUNT,
  'GET /api/v1/auth/sessions': ACCOUNT,
  'DELETE /api/v1/auth/sessions/:sessionId': ACCOUNT,
  'POST /api/v1/auth/reauthenticate': ACCOUNT,
  'POST /api/v1/auth/recovery-codes': ACCOUNT,
  'POST /api/v1/auth/password': ACCOUNT,
  'PUT /api/v1/auth/preferences': ACCOUNT,
  'GET /api/v1/auth/webauthn/credentials': ACCOUNT,
  'DELETE /api/v1/auth/webauthn/credentials/:credentialId': ACCOUNT,
  'POST /api/v1/auth/webauthn/reauthentication/options': ACCOUNT,
  'POST /api/v1/auth/webauthn/reauthentication': ACCOUNT,
  'POST /api/v1/auth/password-reset/for-user': ACCOUNT,
  'GET /api/v1/units': ORGANISATION,
  'POST /api/v1/units': ORGANISATION,
  'PATCH /api/v1/units/:unitId': ORGANISATION,
  'GET /api/v1/groups': ORGANISATION,
  'POST /api/v1/groups': ORGANISATION,
  'POST /api/v1/groups/:groupId/members': ORGANISATION,
  'POST /api/v1/groups/:groupId/members/:userId/remove': ORGANISATION,
  'GET /api/v1/roles': ORGANISATION,
  'POST /api/v1/roles': ORGANISATION,
  'PUT /api/v1/roles/:roleId/permissions': ORGANISATION,
  'GET /api/v1/permissions': ORGANISATION,
  'GET /api/v1/grants': ORGANISATION,
  'POST /api/v1/grants': ORGANISATION,
  'POST /api/v1/grants (privileged role)': ORGANISATION,
  'POST /api/v1/grants/:grantId/revoke': ORGANISATION,
  'GET /api/v1/grant-requests': ORGANISATION,
  'POST /api/v1/grant-requests/:requestId/approve': ORGANISATION,
  'POST /api/v1/grant-requests/:requestId/refuse': ORGANISATION,
  'GET /api/v1/users': ORGANISATION,
  'POST /api/v1/users': ORGANISATION,
  'GET /api/v1/users/:userId': ORGANISATION,
  'PATCH /api/v1/users/:userId': ORGANISATION,
  'POST /api/v1/users/:userId/move': ORGANISATION,
  'POST /api/v1/users/:userId/deactivate': ORGANISATION,
  'POST /api/v1/users/:userId/reactivate': ORGANISATION,
  'POST /api/v1/users/:userId/reset-factors': ORGANISATION,
  'POST /api/v1/users/:userId/unlock': ORGANISATION,
  'GET /api/v1/users/:userId/sessions': ORGANISATION,
  'POST /api/v1/users/:userId/sessions/end': ORGANISATION,
  'GET /api/v1/service-accounts': ORGANISATION,
  'POST /api/v1/service-accounts': ORGANISATION,
  'GET /api/v1/service-accounts/:accountId/tokens': ORGANISATION,
  'POST /api/v1/service-accounts/:accountId/tokens': ORGANISATION,
  'POST /api/v1/service-accounts/:accountId/tokens/:tokenId/revoke': ORGANISATION,
  'POST /api/v1/service-accounts/:accountId/deactivate': ORGANISATION,
  'GET /api/v1/break-glass-requests': BREAK_GLASS_REQUESTS,
  'POST /api/v1/incidents': UNLINKED_INCIDENT,
  'GET /api/v1/documents/quarantine': QUARANTINE,
  'POST /api/v1/integration/referrals': UNREGISTERED,
  'POST /api/v1/tasks (on a referral)': UNREGISTERED_TASK,
  'GET /api/v1/tasks/:taskId (on a referral)': UNREGISTERED_TASK,
};
