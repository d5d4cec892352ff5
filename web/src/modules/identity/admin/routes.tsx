// The administrator's paths (the server serves them: WEB_CLIENT_PATHS), under the signed-in frame. Each
// screen's code loads when it is first opened.
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { signedInRoute } from '../../../app/router.tsx';

export const adminRoutes = () =>
  [
    createRoute({
      getParentRoute: () => signedInRoute,
      path: '/admin',
      component: lazyRouteComponent(() => import('./AdminPage.tsx'), 'AdminPage'),
    }),
    createRoute({
      getParentRoute: () => signedInRoute,
      path: '/admin/units',
      component: lazyRouteComponent(() => import('./UnitsPage.tsx'), 'UnitsPage'),
    }),
    createRoute({
      getParentRoute: () => signedInRoute,
      path: '/admin/users',
      component: lazyRouteComponent(() => import('./UsersPage.tsx'), 'UsersPage'),
    }),
    createRoute({
      getParentRoute: () => signedInRoute,
      path: '/admin/users/$userId',
      component: lazyRouteComponent(() => import('./UserPage.tsx'), 'UserPage'),
    }),
    createRoute({
      getParentRoute: () => signedInRoute,
      path: '/admin/groups',
      component: lazyRouteComponent(() => import('./GroupsPage.tsx'), 'GroupsPage'),
    }),
    createRoute({
      getParentRoute: () => signedInRoute,
      path: '/admin/roles',
      component: lazyRouteComponent(() => import('./RolesPage.tsx'), 'RolesPage'),
    }),
    createRoute({
      getParentRoute: () => signedInRoute,
      path: '/admin/grants',
      component: lazyRouteComponent(() => import('./GrantsPage.tsx'), 'GrantsPage'),
    }),
    createRoute({
      getParentRoute: () => signedInRoute,
      path: '/admin/service-accounts',
      component: lazyRouteComponent(() => import('./ServiceAccountsPage.tsx'), 'ServiceAccountsPage'),
    }),
  ] as const;
