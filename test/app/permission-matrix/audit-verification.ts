// Catalogue: the audit trail's tamper evidence (audit module, seal/): verification status and runs,
// checkpoints, retention boundaries, the public keys. None of it belongs to a unit or a case: each route
// answers the same whatever the scope, to holders of audit.verify.
import type { Entry } from './catalogue.ts';

const ORGANISATION_WIDE = 'the audit trail is one for the whole organisation (no unit, no case): audit.verify anywhere reads it';

export const auditVerification: Entry[] = [
  { route: 'GET /api/v1/audit/verification', unscoped: ORGANISATION_WIDE, probe: () => ({ url: '/api/v1/audit/verification' }) },
  {
    route: 'GET /api/v1/audit/verification/runs',
    unscoped: ORGANISATION_WIDE,
    probe: () => ({ url: '/api/v1/audit/verification/runs?limit=5' }),
  },
  { route: 'GET /api/v1/audit/checkpoints', unscoped: ORGANISATION_WIDE, probe: () => ({ url: '/api/v1/audit/checkpoints?limit=5' }) },
  {
    route: 'GET /api/v1/audit/retention-boundaries',
    unscoped: ORGANISATION_WIDE,
    probe: () => ({ url: '/api/v1/audit/retention-boundaries?limit=5' }),
  },
  { route: 'GET /api/v1/audit/keys', unscoped: ORGANISATION_WIDE, probe: () => ({ url: '/api/v1/audit/keys' }) },
];
