// The audit trail's paths (the server serves them: WEB_CLIENT_PATHS), under the signed-in frame. Each
// screen's code loads when it is first opened: few people ever do.
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { signedInRoute } from '../../app/router.tsx';
import { validateAlertsSearch } from './alerts.ts';
import { validateVerificationSearch } from './verification.ts';
import { validateAuditSearch } from './events.ts';

export const auditRoutes = () =>
  [
    createRoute({
      getParentRoute: () => signedInRoute,
      path: '/audit',
      component: lazyRouteComponent(() => import('./AuditPage.tsx'), 'AuditPage'),
    }),
    // Detection alerts (audit.alerts): the list's filters in the address; one alert to acknowledge and close.
    createRoute({
      getParentRoute: () => signedInRoute,
      path: '/audit/alerts',
      validateSearch: validateAlertsSearch,
      component: lazyRouteComponent(() => import('./AlertsPage.tsx'), 'AlertsPage'),
    }),
    createRoute({
      getParentRoute: () => signedInRoute,
      path: '/audit/alerts/$alertId',
      component: lazyRouteComponent(() => import('./AlertPage.tsx'), 'AlertPage'),
    }),
    // The trail's verification (audit.verify): its state, runs, checkpoints, retention notes and keys.
    createRoute({
      getParentRoute: () => signedInRoute,
      path: '/audit/verification',
      validateSearch: validateVerificationSearch,
      component: lazyRouteComponent(() => import('./VerificationPage.tsx'), 'VerificationPage'),
    }),
    // Searching and exporting the trail; the filters in the address (events.ts).
    createRoute({
      getParentRoute: () => signedInRoute,
      path: '/audit/events',
      validateSearch: validateAuditSearch,
      component: lazyRouteComponent(() => import('./AuditEventsPage.tsx'), 'AuditEventsPage'),
    }),
  ] as const;
