// The search module: one query box over persons and cases (names typo-tolerant and without accents,
// date of birth, BSN, phone, e-mail, postcode + house number, case number, police reference), with
// results filtered by row-level security and ranked. It reads the persons' and cases' tables
// (read-only) and takes from the persons module only what its index.ts exports.
import type { CasusModule } from '../../kernel/module.ts';
import { seedSearchPermissions } from './migrations/0001_seed_permissions.ts';
import { personCandidates } from './migrations/0002_person_candidates.ts';
import { nameWordCandidates } from './migrations/0003_name_word_candidates.ts';
import { exactNameCandidates } from './migrations/0004_exact_name_candidates.ts';
import { visibleAnswersOnly } from './migrations/0005_visible_answers_only.ts';
import { searchPermissions } from './search.permissions.ts';
import { searchRoutes } from './search.routes.ts';
import { SearchService } from './search.service.ts';

export { parseQuery, termKinds, type ParsedQuery, type TermKind } from './search.query.ts';
export type { SearchInput, SearchResult } from './search.service.ts';

export function createSearchModule(): CasusModule {
  return {
    name: 'search',
    migrations: [seedSearchPermissions, personCandidates, nameWordCandidates, exactNameCandidates, visibleAnswersOnly],
    permissions: searchPermissions,
    register(ctx) {
      ctx.addRoutes({ prefix: '/search', plugin: searchRoutes(new SearchService(ctx.db, ctx.keyRing)) });
    },
  };
}

export const searchModule = createSearchModule();
