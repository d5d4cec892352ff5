// The referral screen's route, under the signed-in frame (app/router.tsx adds it to the tree). Its code
// loads when the screen is first opened.
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { signedInRoute } from '../../app/router.tsx';

export const referralRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/referrals/$referralId',
  component: lazyRouteComponent(() => import('./ReferralPage.tsx'), 'ReferralScreen'),
});
