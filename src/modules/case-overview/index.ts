// The case-overview module: the case screen in one request (GET /cases/{caseId}/overview), composed
// from what the cases, persons, contacts and tasks modules export. It owns no tables: visibility is
// theirs (row-level security and the cases module's policy).
import type { CasusModule } from '../../kernel/module.ts';
import { caseOverviewRoutes } from './case-overview.routes.ts';
import { CaseOverviewService } from './case-overview.service.ts';

export type { CaseOverview } from './case-overview.service.ts';

export function createCaseOverviewModule(): CasusModule {
  return {
    name: 'case-overview',
    register(ctx) {
      ctx.addRoutes({ prefix: '/cases/:caseId/overview', plugin: caseOverviewRoutes(new CaseOverviewService(ctx.db, ctx.keyRing)) });
    },
  };
}

export const caseOverviewModule = createCaseOverviewModule();
