// The audit trail's paths (the server serves them: WEB_CLIENT_PATHS), under the signed-in frame. Each
// screen's code loads when it is first opened: few people ever do.
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { signedInRoute } from '../../app/router.tsx';

export const auditRoutes = () =>
  [
    createRoute({
      getParentRoute: () => signedInRoute,
      path: '/audit',
      component: lazyRouteComponent(() => import('./AuditPage.tsx'), 'AuditPage'),
    }),
  ] as const;
