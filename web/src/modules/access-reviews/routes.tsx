// The access reviews' paths: the campaigns under /admin (access-reviews.read), and /access-reviews, the
// items a reviewer decides (being named on an item is what lets one see it).
import { createRoute } from '@tanstack/react-router';
import { signedInRoute } from '../../app/router.tsx';
import { CampaignsPage } from './CampaignsPage.tsx';
import { CampaignPage } from './CampaignPage.tsx';
import { MyReviewItemsPage } from './MyReviewItemsPage.tsx';

export const accessReviewRoutes = () =>
  [
    createRoute({ getParentRoute: () => signedInRoute, path: '/admin/access-reviews', component: CampaignsPage }),
    createRoute({ getParentRoute: () => signedInRoute, path: '/admin/access-reviews/$campaignId', component: CampaignPage }),
    createRoute({ getParentRoute: () => signedInRoute, path: '/access-reviews', component: MyReviewItemsPage }),
  ] as const;
