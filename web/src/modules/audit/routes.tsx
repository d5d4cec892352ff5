// The audit trail's paths (the server serves them: WEB_CLIENT_PATHS), under the signed-in frame. Each
// screen's code loads when it is first opened: few people ever do.
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { signedInRoute } from '../../app/router.tsx';
import { validateAuditSearch } from './events.ts';

export const auditRoutes = () =>
  [
    createRoute({
      getParentRoute: () => signedInRoute,
      path: '/audit',
      component: lazyRouteComponent(() => import('./AuditPage.tsx'), 'AuditPage'),
    }),
    // Searching and exporting the trail; the filters in the address (events.ts).
    createRoute({
      getParentRoute: () => signedInRoute,
      path: '/audit/events',
      validateSearch: validateAuditSearch,
      component: lazyRouteComponent(() => import('./AuditEventsPage.tsx'), 'AuditEventsPage'),
    }),
  ] as const;
