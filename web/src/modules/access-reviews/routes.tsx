// The access reviews' paths: the campaigns under /admin (access-reviews.read), and /access-reviews, the
// items a reviewer decides (being named on an item is what lets one see it). Each screen's code loads when
// it is first opened.
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { signedInRoute } from '../../app/router.tsx';

export const accessReviewRoutes = () =>
  [
    createRoute({
      getParentRoute: () => signedInRoute,
      path: '/admin/access-reviews',
      component: lazyRouteComponent(() => import('./CampaignsPage.tsx'), 'CampaignsPage'),
    }),
    createRoute({
      getParentRoute: () => signedInRoute,
      path: '/admin/access-reviews/$campaignId',
      component: lazyRouteComponent(() => import('./CampaignPage.tsx'), 'CampaignPage'),
    }),
    createRoute({
      getParentRoute: () => signedInRoute,
      path: '/access-reviews',
      component: lazyRouteComponent(() => import('./MyReviewItemsPage.tsx'), 'MyReviewItemsPage'),
    }),
  ] as const;
