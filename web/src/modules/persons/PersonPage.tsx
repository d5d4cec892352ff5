// The person screen (/persons/$personId): the person's details (the BSN masked until revealed, with
// persons.read-bsn, audited on the server), contact details, consents, the cases she takes part in, and
// merging a duplicate into her (persons.merge), and who looked at her (audit/PersonAccesses.tsx, with
// viewAccesses). Actions only as the person's allowedActions allow. A person one may not see answers 404,
// the same as one that does not exist.
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { AnchorLink } from '../../app/AnchorLink.tsx';
import { Alert, Anchor, Button, Loader, Stack, Title } from '@mantine/core';
import { ProblemError } from '../../api/client.ts';
import { useT } from '../../i18n/locale.tsx';
import { ProblemAlert } from '../../app/problems.tsx';
import { personQuery } from './person.ts';
import { PersonDetails } from './PersonDetails.tsx';
import { PersonContact } from './PersonContact.tsx';
import { PersonConsents } from './PersonConsents.tsx';
import { PersonCases } from './PersonCases.tsx';
import { MergePerson } from './MergePerson.tsx';
import { PersonAccesses } from '../audit/PersonAccesses.tsx';

export function PersonPage({ personId }: { personId: string }) {
  const t = useT();
  const person = useQuery(personQuery(personId));
  if (person.isPending || person.isError) {
    const notFound = person.isError && person.error instanceof ProblemError && person.error.problem.status === 404;
    return (
      <Stack align="flex-start">
        <Title order={1} size="h2">
          {t('persons.page.title')}
        </Title>
        {person.isPending ? (
          <Loader aria-label={t('persons.page.loading')} role="status" />
        ) : notFound ? (
          <Alert color="yellow" role="alert">
            {t('persons.page.notFound')}
          </Alert>
        ) : (
          <>
            <ProblemAlert error={person.error} />
            <Button variant="light" size="xs" onClick={() => void person.refetch()}>
              {t('persons.page.retry')}
            </Button>
          </>
        )}
        {!person.isPending && (
          <Anchor component={Link} to="/">
            {t('persons.page.back')}
          </Anchor>
        )}
      </Stack>
    );
  }
  const data = person.data;
  return (
    <Stack maw={1100} gap="xl">
      <Title order={1} size="h2" id="person-title" tabIndex={-1}>
        {data.displayName}
      </Title>
      {data.mergedInto && (
        <Alert color="yellow" role="status">
          <Stack gap="xs" align="flex-start">
            {t('persons.page.merged')}
            <AnchorLink to="/persons/$personId" params={{ personId: data.mergedInto }}>
              {t('persons.page.toKept')}
            </AnchorLink>
          </Stack>
        </Alert>
      )}
      <PersonDetails person={data} />
      <PersonContact person={data} />
      <PersonConsents person={data} />
      <PersonCases personId={data.id} />
      {/* Only where the API would answer: a refusal would itself be an audited denied access. */}
      {data.allowedActions.includes('viewAccesses') && <PersonAccesses personId={data.id} />}
      {data.allowedActions.includes('merge') && !data.mergedInto && <MergePerson person={data} />}
    </Stack>
  );
}

// The route's component (loaded when first opened: app/router.tsx). By the route's id, not by importing the
// route, which imports this file. A new key per id: forms on the page start empty when another one opens.
const routeApi = getRouteApi('/signed-in/persons/$personId');

export function PersonScreen() {
  const { personId } = routeApi.useParams();
  return <PersonPage key={personId} personId={personId} />;
}
