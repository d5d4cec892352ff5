// The cases module: incidents (gebeurtenissen), cases with their type, status, owning unit,
// confidentiality, workers, explicit and break-the-glass access, and participants. Case visibility
// is enforced by row-level security (migrations/0001_cases.ts) as well as by the services.
import type { CasusModule } from '../../kernel/module.ts';
import { addPersonMergeStep } from '../persons/index.ts';
import { CasesService } from './cases.service.ts';
import { casesRoutes } from './cases.routes.ts';
import { BreakGlassService } from './break-glass.service.ts';
import { breakGlassRequestRoutes, breakGlassReviewRoutes } from './break-glass.routes.ts';
import { cases } from './migrations/0001_cases.ts';
import { seedCasePermissions } from './migrations/0002_seed_permissions.ts';
import { caseLookup } from './migrations/0003_case_lookup.ts';
import { caseListOrder } from './migrations/0004_case_list_order.ts';
import { incidentRecorder } from './migrations/0005_incident_recorder.ts';
import { IncidentsService } from './incidents.service.ts';
import { incidentsRoutes } from './incidents.routes.ts';
import { policyFunctionsPlpgsql } from './migrations/0006_policy_functions_plpgsql.ts';
import { incidentVisibility } from './migrations/0007_incident_visibility.ts';
import { breakGlassRole } from './migrations/0008_break_glass_role.ts';
import { shieldingAndGrants } from './migrations/0009_shielding_and_grants.ts';
import { breakGlassRequests } from './migrations/0010_break_glass_requests.ts';
import { pinnedSearchPath } from './migrations/0011_pinned_search_path.ts';
import { casePrimaryClient } from './migrations/0012_case_primary_client.ts';
import { configurationReadOnly } from './migrations/0013_configuration_read_only.ts';
import { participantsAndShieldedIntake } from './migrations/0014_participants_and_shielded_intake.ts';
import { caseUpdateFunction } from './migrations/0015_case_update_function.ts';
import { caseSubjectAccessFunction } from './migrations/0016_subject_access.ts';
import { retentionAndLegalHold } from './migrations/0017_retention_and_legal_hold.ts';
import { LegalHoldService } from './legal-hold.service.ts';
import { legalHoldRoutes } from './legal-hold.routes.ts';
import { casePermissions } from './cases.permissions.ts';
import { moveParticipations } from './cases.repository.ts';
import './cases.tables.ts';

export { caseAccessOf, caseVisible, isCaseParticipant, personsInCasesOf, primaryClientsOf, type CaseAccess } from './cases.repository.ts';
export { incidentVisible } from './incidents.repository.ts';
export { casePolicy, type CaseResource } from './cases.policy.ts';
export { CaseSchema } from './cases.routes.ts';

export { openCase, type CreateCaseInput } from './cases.service.ts';
export { recordIncident, todayInAmsterdam, type RecordIncidentInput } from './incidents.service.ts';
export { readCase, viewCase, type CaseView } from './cases.service.ts';
export type { SupportTrack, ParticipantRole, Confidentiality } from './cases.tables.ts';
export { caseSubjectAccess, type CaseHoldings, type SubjectParticipation } from './cases.subject-access.ts';
export { casesErasure, type CaseErasureFact } from './cases.erasure.ts';

export function createCasesModule(): CasusModule {
  return {
    name: 'cases',
    migrations: [
      cases,
      seedCasePermissions,
      caseLookup,
      caseListOrder,
      incidentRecorder,
      policyFunctionsPlpgsql,
      incidentVisibility,
      breakGlassRole,
      shieldingAndGrants,
      breakGlassRequests,
      pinnedSearchPath,
      casePrimaryClient,
      configurationReadOnly,
      participantsAndShieldedIntake,
      caseUpdateFunction,
      caseSubjectAccessFunction,
      retentionAndLegalHold,
    ],
    permissions: casePermissions,
    register(ctx) {
      // In the merge's transaction: who sees the kept person follows these participations.
      addPersonMergeStep('cases.participants', async (tx, { keptId, mergedId }) => ({
        participationsMoved: await moveParticipations(tx, keptId, mergedId),
      }));
      const breakGlass = new BreakGlassService(ctx.db, { grantHours: ctx.settings.cases.breakGlassHours });
      ctx.addRoutes(
        {
          prefix: '/cases',
          plugin: casesRoutes(new CasesService(ctx.db, { retentionYears: ctx.settings.cases.retentionYears }), breakGlass),
        },
        { prefix: '/break-glass-requests', plugin: breakGlassRequestRoutes(breakGlass) },
        { prefix: '/break-glass-accesses', plugin: breakGlassReviewRoutes(breakGlass) },
        { prefix: '/incidents', plugin: incidentsRoutes(new IncidentsService(ctx.db)) },
        { prefix: '/cases/:caseId/legal-hold', plugin: legalHoldRoutes(new LegalHoldService(ctx.db)) },
      );
    },
  };
}

export const casesModule = createCasesModule();
