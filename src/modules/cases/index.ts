// The cases module: incidents (gebeurtenissen), cases with their type, status, owning unit,
// confidentiality, workers, explicit and break-the-glass access, and participants. Case visibility
// is enforced by row-level security (migrations/0001_cases.ts) as well as by the services.
import type { CasusModule } from '../../kernel/module.ts';
import { CasesService } from './cases.service.ts';
import { breakGlassReviewRoutes, casesRoutes } from './cases.routes.ts';
import { cases } from './migrations/0001_cases.ts';
import { seedCasePermissions } from './migrations/0002_seed_permissions.ts';
import { caseLookup } from './migrations/0003_case_lookup.ts';
import { caseListOrder } from './migrations/0004_case_list_order.ts';
import { incidentRecorder } from './migrations/0005_incident_recorder.ts';
import { IncidentsService } from './incidents.service.ts';
import { incidentsRoutes } from './incidents.routes.ts';
import { policyFunctionsPlpgsql } from './migrations/0006_policy_functions_plpgsql.ts';
import { casePermissions } from './cases.permissions.ts';
import './cases.tables.ts';

export { caseAccessOf, type CaseAccess } from './cases.repository.ts';
export { CaseSchema } from './cases.routes.ts';

export { openCase, type CreateCaseInput } from './cases.service.ts';
export { recordIncident, todayInAmsterdam, type RecordIncidentInput } from './incidents.service.ts';
export { readCase, viewCase, type CaseView } from './cases.service.ts';
export type { SupportTrack, ParticipantRole, Confidentiality } from './cases.tables.ts';

export function createCasesModule(): CasusModule {
  return {
    name: 'cases',
    migrations: [cases, seedCasePermissions, caseLookup, caseListOrder, incidentRecorder, policyFunctionsPlpgsql],
    permissions: casePermissions,
    register(ctx) {
      const cases = new CasesService(ctx.db, { breakGlassHours: ctx.settings.cases.breakGlassHours });
      ctx.addRoutes(
        { prefix: '/cases', plugin: casesRoutes(cases) },
        { prefix: '/break-glass-accesses', plugin: breakGlassReviewRoutes(cases) },
        { prefix: '/incidents', plugin: incidentsRoutes(new IncidentsService(ctx.db)) },
      );
    },
  };
}

export const casesModule = createCasesModule();
