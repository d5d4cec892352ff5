// The case screen (/cases/$caseId). It opens with one request, GET /cases/{caseId}/overview (the header,
// participants by name, the latest contact moments, the open tasks); each section then pages and
// refreshes through its own API. A case one may not see answers 404 exactly as one that does not exist:
// the screen says so and, with cases.break-glass, offers to break the glass by the case's number.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { Alert, Button, Loader, Stack, Text, Title } from '@mantine/core';
import { ProblemError } from '../../api/client.ts';
import { useT } from '../../i18n/locale.tsx';
import { sessionQuery } from '../identity/session.ts';
import { useReadyMark } from '../../app/screen-ready.ts';
import { caseOverviewQuery } from './overview.ts';
import { CaseHeader } from './CaseHeader.tsx';
import { BreakGlass } from './BreakGlass.tsx';
import { CaseParticipants } from './CaseParticipants.tsx';
import { CaseIncident } from './CaseIncident.tsx';
import { CaseWorkers } from './CaseWorkers.tsx';
import { CaseAccessGrant } from './CaseAccessGrant.tsx';
import { CaseLegalHold } from './CaseLegalHold.tsx';
import { CaseTimeline } from './CaseTimeline.tsx';
import { CaseContactMoments } from '../contacts/CaseContactMoments.tsx';
import { CaseTasks } from '../tasks/CaseTasks.tsx';
import { CaseDocuments } from '../documents/CaseDocuments.tsx';

// By its id (the path under the signed-in frame), not by importing the route: the router imports this screen.
const caseRouteApi = getRouteApi('/signed-in/cases/$caseId');

export function CasePage() {
  const t = useT();
  const { caseId } = caseRouteApi.useParams();
  const overview = useQuery(caseOverviewQuery(caseId));
  useReadyMark('case', overview.isSuccess);
  if (overview.isPending) return <Loader aria-label={t('cases.loading')} role="status" />;
  if (overview.isError) {
    const status = overview.error instanceof ProblemError ? overview.error.problem.status : 0;
    if (status === 404 || status === 400) return <CaseNotFound />;
    return (
      <Stack maw={720}>
        <Title order={1}>{t('cases.screen')}</Title>
        <Alert color="red" role="alert">
          <Stack align="flex-start">
            {t('cases.error')}
            <Button size="xs" variant="light" onClick={() => void overview.refetch()}>
              {t('tasks.retry')}
            </Button>
          </Stack>
        </Alert>
      </Stack>
    );
  }
  const { case: kase } = overview.data;
  return (
    <Stack maw={1100} gap="xl" data-testid="case-screen">
      <CaseHeader kase={kase} />
      <CaseParticipants overview={overview.data} />
      <CaseContactMoments
        caseId={kase.id}
        latest={overview.data.latestContactMoments}
        participants={overview.data.participants}
        mayLog={overview.data.allowedActions.includes('update')}
      />
      <CaseTasks kase={kase} openTasks={overview.data.openTasks} />
      <CaseDocuments kase={kase} />
      <CaseIncident kase={kase} />
      <CaseWorkers kase={kase} />
      {kase.allowedActions.includes('grantAccess') && <CaseAccessGrant kase={kase} />}
      {kase.allowedActions.includes('legalHold') && <CaseLegalHold kase={kase} />}
      <CaseTimeline overview={overview.data} />
    </Stack>
  );
}

function CaseNotFound() {
  const t = useT();
  const permissions = useQuery(sessionQuery).data?.permissions;
  const [breaking, setBreaking] = useState(false);
  const mayBreakGlass = (permissions?.['cases.break-glass']?.length ?? 0) > 0;
  return (
    <Stack maw={720} data-testid="case-not-found">
      <Title order={1}>{t('cases.notFound.title')}</Title>
      <Text>{t('cases.notFound.text')}</Text>
      {mayBreakGlass &&
        (breaking ? (
          <BreakGlass onCancel={() => setBreaking(false)} />
        ) : (
          <Stack align="flex-start" gap="xs">
            <Text>{t('cases.notFound.breakGlassHint')}</Text>
            <Button color="red" variant="light" onClick={() => setBreaking(true)}>
              {t('cases.breakGlass.open')}
            </Button>
          </Stack>
        ))}
    </Stack>
  );
}
