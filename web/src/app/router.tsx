// The app's paths. The server answers exactly these with index.html (src/kernel/http/web-client.ts:
// WEB_CLIENT_PATHS); keep the two lists the same.
import type { QueryClient } from '@tanstack/react-query';
import { createRootRouteWithContext, createRoute, createRouter, lazyRouteComponent, Outlet, redirect } from '@tanstack/react-router';
import { SetupPage } from '../modules/identity/SetupPage.tsx';
import { SignInPage } from '../modules/identity/SignInPage.tsx';
import { ForgotPasswordPage } from '../modules/identity/ForgotPasswordPage.tsx';
import { ResetPasswordPage } from '../modules/identity/ResetPasswordPage.tsx';
import { AccountPage } from '../modules/identity/AccountPage.tsx';
import { sessionQuery } from '../modules/identity/session.ts';
import { Shell } from './Shell.tsx';
import { HomePage } from './HomePage.tsx';
import { RouteError } from './RouteError.tsx';
import { referralRoute } from '../modules/referrals/routes.tsx';
import { personRoute } from '../modules/persons/routes.tsx';
import { CasePage } from '../modules/cases/CasePage.tsx';
import { validateTeamSearch } from './team/search.ts';
import { adminRoutes } from '../modules/identity/admin/routes.tsx';
import { accessReviewRoutes } from '../modules/access-reviews/routes.tsx';

const rootRoute = createRootRouteWithContext<{ queryClient: QueryClient }>()({
  component: Outlet,
  errorComponent: RouteError,
});
const setupRoute = createRoute({ getParentRoute: () => rootRoute, path: '/setup', component: SetupPage });
const signInRoute = createRoute({ getParentRoute: () => rootRoute, path: '/sign-in', component: SignInPage });
const forgotPasswordRoute = createRoute({ getParentRoute: () => rootRoute, path: '/forgot-password', component: ForgotPasswordPage });
const resetPasswordRoute = createRoute({ getParentRoute: () => rootRoute, path: '/reset-password', component: ResetPasswordPage });
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
const accountRoute = createRoute({ getParentRoute: () => signedInRoute, path: '/account', component: AccountPage });
const caseRoute = createRoute({ getParentRoute: () => signedInRoute, path: '/cases/$caseId', component: CasePage });
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
