// The team lead's page (/team): the team's referral queue with assignment, the team's tasks, the team's
// cases and break-the-glass decisions, one tab each, shown as the session's permissions open them. The
// tab and the filters are in the address (?view=, search.ts), so a reload or a shared link keeps them.
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { Stack, Tabs, Text, Title } from '@mantine/core';
import { useT } from '../../i18n/locale.tsx';
import type { MessageId } from '../../i18n/messages.nl.ts';
import { sessionQuery } from '../../modules/identity/session.ts';
import { TeamQueue } from '../../modules/referrals/TeamQueue.tsx';
import { TeamTasks } from '../../modules/tasks/TeamTasks.tsx';
import { TeamCases } from '../../modules/cases/TeamCases.tsx';
import { BreakGlassReview } from '../../modules/cases/BreakGlassReview.tsx';
import { holds, TEAM_VIEWS, type Permissions, type TeamSearch, type TeamView } from './search.ts';

/** Each tab and the permission(s) that open it; the API decides the rest per item. */
const TABS: Record<TeamView, { label: MessageId; shownWith: (permissions: Permissions) => boolean }> = {
  queue: { label: 'team.tab.queue', shownWith: (p) => holds(p, 'referrals.read-unit') },
  tasks: { label: 'team.tab.tasks', shownWith: (p) => holds(p, 'tasks.read-unit') },
  cases: { label: 'team.tab.cases', shownWith: (p) => holds(p, 'cases.read-unit') },
  'break-glass': {
    label: 'team.tab.breakGlass',
    shownWith: (p) => holds(p, 'cases.grant-access') || holds(p, 'cases.review-access'),
  },
};

export function TeamPage() {
  const t = useT();
  const navigate = useNavigate({ from: '/team' });
  const search: TeamSearch = useSearch({ from: '/signed-in/team' });
  const session = useQuery(sessionQuery).data;
  const views = session ? TEAM_VIEWS.filter((view) => TABS[view].shownWith(session.permissions)) : [];
  const view = search.view && views.includes(search.view) ? search.view : views[0];
  const go = (changes: Partial<TeamSearch>) => void navigate({ search: (previous: TeamSearch) => ({ ...previous, ...changes }) });

  return (
    <Stack maw={1200} gap="lg">
      <Title order={1}>{t('team.title')}</Title>
      {!view ? (
        <Text>{t('team.nothing')}</Text>
      ) : (
        <Tabs value={view} onChange={(next) => next && go({ view: next as TeamView })} keepMounted={false}>
          <Tabs.List aria-label={t('team.tabs')}>
            {views.map((tab) => (
              <Tabs.Tab key={tab} value={tab}>
                {t(TABS[tab].label)}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          <Tabs.Panel value="queue" pt="md">
            <TeamQueue />
          </Tabs.Panel>
          <Tabs.Panel value="tasks" pt="md">
            <TeamTasks status={search.taskStatus ?? 'open'} onStatusChange={(taskStatus) => go({ taskStatus })} />
          </Tabs.Panel>
          <Tabs.Panel value="cases" pt="md">
            <TeamCases
              filters={{ status: search.status, track: search.track, type: search.type, worker: search.worker }}
              onFiltersChange={(filters) =>
                go({ status: filters.status, track: filters.track, type: filters.type, worker: filters.worker })
              }
            />
          </Tabs.Panel>
          <Tabs.Panel value="break-glass" pt="md">
            <BreakGlassReview />
          </Tabs.Panel>
        </Tabs>
      )}
    </Stack>
  );
}
