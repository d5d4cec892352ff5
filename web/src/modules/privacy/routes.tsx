// The privacy officer's paths (the server serves them: WEB_CLIENT_PATHS), under the signed-in frame.
// Each screen's code loads when it is first opened: few people ever do.
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { signedInRoute } from '../../app/router.tsx';

export const privacyRoutes = () =>
  [
    createRoute({
      getParentRoute: () => signedInRoute,
      path: '/privacy',
      component: lazyRouteComponent(() => import('./PrivacyPage.tsx'), 'PrivacyPage'),
    }),
    createRoute({
      getParentRoute: () => signedInRoute,
      path: '/privacy/destruction',
      component: lazyRouteComponent(() => import('./DestructionListsPage.tsx'), 'DestructionListsPage'),
    }),
    createRoute({
      getParentRoute: () => signedInRoute,
      path: '/privacy/destruction/$roundId',
      component: lazyRouteComponent(() => import('./DestructionRoundPage.tsx'), 'DestructionRoundPage'),
    }),
    // Data-subject requests and the processing register.
    createRoute({
      getParentRoute: () => signedInRoute,
      path: '/privacy/persons',
      component: lazyRouteComponent(() => import('./SubjectSearchPage.tsx'), 'SubjectSearchPage'),
    }),
    createRoute({
      getParentRoute: () => signedInRoute,
      path: '/privacy/persons/$personId',
      component: lazyRouteComponent(() => import('./SubjectPage.tsx'), 'SubjectPage'),
    }),
    createRoute({
      getParentRoute: () => signedInRoute,
      path: '/privacy/register',
      component: lazyRouteComponent(() => import('./RegisterPage.tsx'), 'RegisterPage'),
    }),
  ] as const;
