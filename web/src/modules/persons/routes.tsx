// The person screen's route, under the signed-in frame (app/router.tsx adds it to the tree). Its code
// loads when the screen is first opened.
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { signedInRoute } from '../../app/router.tsx';

export const personRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/persons/$personId',
  component: lazyRouteComponent(() => import('./PersonPage.tsx'), 'PersonScreen'),
});
