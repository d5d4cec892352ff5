// The administrator's paths (the server serves them: WEB_CLIENT_PATHS), under the signed-in frame.
import { createRoute } from '@tanstack/react-router';
import { signedInRoute } from '../../../app/router.tsx';
import { AdminPage } from './AdminPage.tsx';
import { UnitsPage } from './UnitsPage.tsx';
import { UsersPage } from './UsersPage.tsx';
import { UserPage } from './UserPage.tsx';
import { GroupsPage } from './GroupsPage.tsx';
import { RolesPage } from './RolesPage.tsx';
import { GrantsPage } from './GrantsPage.tsx';
import { ServiceAccountsPage } from './ServiceAccountsPage.tsx';

export const adminRoutes = () =>
  [
    createRoute({ getParentRoute: () => signedInRoute, path: '/admin', component: AdminPage }),
    createRoute({ getParentRoute: () => signedInRoute, path: '/admin/units', component: UnitsPage }),
    createRoute({ getParentRoute: () => signedInRoute, path: '/admin/users', component: UsersPage }),
    createRoute({ getParentRoute: () => signedInRoute, path: '/admin/users/$userId', component: UserPage }),
    createRoute({ getParentRoute: () => signedInRoute, path: '/admin/groups', component: GroupsPage }),
    createRoute({ getParentRoute: () => signedInRoute, path: '/admin/roles', component: RolesPage }),
    createRoute({ getParentRoute: () => signedInRoute, path: '/admin/grants', component: GrantsPage }),
    createRoute({ getParentRoute: () => signedInRoute, path: '/admin/service-accounts', component: ServiceAccountsPage }),
  ] as const;
