// The app's paths. The server answers exactly these with index.html (src/kernel/http/web-client.ts:
// WEB_CLIENT_PATHS; test/web/router-paths.test.ts keeps the two lists the same). The first screens (sign-in,
// the start page) are in the first script; every other screen's code loads when it is first opened
// (lazyRouteComponent: a chunk per screen), so the first screen stays small however many screens there are.
import type { QueryClient } from '@tanstack/react-query';
import { createRootRouteWithContext, createRoute, createRouter, lazyRouteComponent, Outlet, redirect } from '@tanstack/react-router';
import { SignInPage } from '../modules/identity/SignInPage.tsx';
import { sessionQuery } from '../modules/identity/session.ts';
import { Shell } from './Shell.tsx';
import { HomePage } from './HomePage.tsx';
import { RouteError } from './RouteError.tsx';
import { referralRoute } from '../modules/referrals/routes.tsx';
import { personRoute } from '../modules/persons/routes.tsx';
import { validateTeamSearch } from './team/search.ts';
import { adminRoutes } from '../modules/identity/admin/routes.tsx';
import { accessReviewRoutes } from '../modules/access-reviews/routes.tsx';
import { auditRoutes } from '../modules/audit/routes.tsx';
import { privacyRoutes } from '../modules/privacy/routes.tsx';

const rootRoute = createRootRouteWithContext<{ queryClient: QueryClient }>()({
  component: Outlet,
  errorComponent: RouteError,
});
const setupRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/setup',
  component: lazyRouteComponent(() => import('../modules/identity/SetupPage.tsx'), 'SetupPage'),
});
const signInRoute = createRoute({ getParentRoute: () => rootRoute, path: '/sign-in', component: SignInPage });
const forgotPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/forgot-password',
  component: lazyRouteComponent(() => import('../modules/identity/ForgotPasswordPage.tsx'), 'ForgotPasswordPage'),
});
const resetPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/reset-password',
  component: lazyRouteComponent(() => import('../modules/identity/ResetPasswordPage.tsx'), 'ResetPasswordPage'),
});
export const signedInRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'signed-in',
  beforeLoad: async ({ context }) => {
    const session = await context.queryClient.ensureQueryData(sessionQuery);
    if (!session) throw redirect({ to: '/sign-in' });
    return { session };
  },
  component: Shell,
});
const homeRoute = createRoute({ getParentRoute: () => signedInRoute, path: '/', component: HomePage });
const accountRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/account',
  component: lazyRouteComponent(() => import('../modules/identity/AccountPage.tsx'), 'AccountPage'),
});
const caseRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/cases/$caseId',
  component: lazyRouteComponent(() => import('../modules/cases/CasePage.tsx'), 'CasePage'),
});
// The team lead's page loads when first opened: most users never do.
const teamRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/team',
  validateSearch: validateTeamSearch,
  component: lazyRouteComponent(() => import('./team/TeamPage.tsx'), 'TeamPage'),
});

export function createAppRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree: rootRoute.addChildren([
      setupRoute,
      signInRoute,
      forgotPasswordRoute,
      resetPasswordRoute,
      signedInRoute.addChildren([
        homeRoute,
        accountRoute,
        referralRoute,
        personRoute,
        caseRoute,
        teamRoute,
        ...adminRoutes(),
        ...accessReviewRoutes(),
        ...auditRoutes(),
        ...privacyRoutes(),
      ]),
    ]),
    context: { queryClient },
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
