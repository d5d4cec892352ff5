// The referral screen (/referrals/$referralId): what came in and from whom, the first-contact deadline
// with the working days left as the API counts them, the person referred, the contact attempts, the
// referral's tasks (the letter when the client was not reached), and converting or closing it. Every
// action is offered only when the referral's allowedActions name it. A referral one may not see answers
// 404, the same as one that does not exist.
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { Alert, Anchor, Badge, Button, Group, Loader, Stack, Title } from '@mantine/core';
import { ProblemError } from '../../api/client.ts';
import { useT } from '../../i18n/locale.tsx';
import { ProblemAlert } from '../../app/problems.tsx';
import { referralQuery, STATUSES } from './referral.ts';
import { ReferralDetails } from './ReferralDetails.tsx';
import { ReferredPersonSection } from './ReferredPerson.tsx';
import { ContactAttempts } from './ContactAttempts.tsx';
import { ReferralTasks } from './ReferralTasks.tsx';
import { ConvertReferral } from './ConvertReferral.tsx';
import { CloseReferral } from './CloseReferral.tsx';

export function ReferralPage({ referralId }: { referralId: string }) {
  const t = useT();
  const referral = useQuery(referralQuery(referralId));
  const heading = (
    <Title order={1} size="h2" id="referral-title" tabIndex={-1}>
      {t('referrals.page.title')}
    </Title>
  );
  if (referral.isPending) {
    return (
      <Stack>
        {heading}
        <Loader aria-label={t('referrals.page.loading')} role="status" />
      </Stack>
    );
  }
  if (referral.isError) {
    const notFound = referral.error instanceof ProblemError && referral.error.problem.status === 404;
    return (
      <Stack align="flex-start">
        {heading}
        {notFound ? (
          <Alert color="yellow" role="alert">
            {t('referrals.page.notFound')}
          </Alert>
        ) : (
          <>
            <ProblemAlert error={referral.error} />
            <Button variant="light" size="xs" onClick={() => void referral.refetch()}>
              {t('referrals.page.retry')}
            </Button>
          </>
        )}
        <Anchor component={Link} to="/">
          {t('referrals.page.back')}
        </Anchor>
      </Stack>
    );
  }
  const data = referral.data;
  const can = (action: string) => data.allowedActions.includes(action);
  return (
    <Stack maw={1100} gap="xl">
      <Group gap="md">
        {heading}
        <Badge size="lg" color={data.overdue ? 'red' : 'blue'} data-testid="referral-status">
          {t(STATUSES[data.status])}
        </Badge>
      </Group>
      <ReferralDetails referral={data} />
      <ReferredPersonSection referral={data} />
      <ContactAttempts referral={data} mayRecord={can('recordAttempt')} />
      <ReferralTasks referralId={data.id} />
      {can('convert') && <ConvertReferral referral={data} />}
      {can('close') && <CloseReferral referral={data} />}
    </Stack>
  );
}

// The route's component (loaded when first opened: app/router.tsx). By the route's id, not by importing the
// route, which imports this file. A new key per id: forms on the page start empty when another one opens.
const routeApi = getRouteApi('/signed-in/referrals/$referralId');

export function ReferralScreen() {
  const { referralId } = routeApi.useParams();
  return <ReferralPage key={referralId} referralId={referralId} />;
}
