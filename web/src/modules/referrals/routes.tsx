// The referral screen's route, under the signed-in frame (app/router.tsx adds it to the tree).
import { createRoute } from '@tanstack/react-router';
import { signedInRoute } from '../../app/router.tsx';
import { ReferralPage } from './ReferralPage.tsx';

function ReferralRoute() {
  const { referralId } = referralRoute.useParams();
  // A new key per referral: forms on the page start empty when another referral opens.
  return <ReferralPage key={referralId} referralId={referralId} />;
}

export const referralRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/referrals/$referralId',
  component: ReferralRoute,
});
