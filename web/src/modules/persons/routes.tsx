// The person screen's route, under the signed-in frame (app/router.tsx adds it to the tree).
import { createRoute } from '@tanstack/react-router';
import { signedInRoute } from '../../app/router.tsx';
import { PersonPage } from './PersonPage.tsx';

function PersonRoute() {
  const { personId } = personRoute.useParams();
  // A new key per person: forms on the page start empty when another person opens (the link after a merge).
  return <PersonPage key={personId} personId={personId} />;
}

export const personRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/persons/$personId',
  component: PersonRoute,
});
