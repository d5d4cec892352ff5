// /admin/access-reviews: review campaigns (access-reviews.read in their unit), open ones first, with
// their progress; with access-reviews.manage a campaign is started: a name, the scope (all grants or
// only privileged ones), the unit (its subtree; or the whole organisation), the deadline and what happens
// to items nobody decided by then.
import { useState, type ReactElement } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { Anchor, Badge, Group, NativeSelect, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { api, unwrap } from '../../api/client.ts';
import { useFormatDateTime, useT } from '../../i18n/locale.tsx';
import { sessionQuery } from '../identity/session.ts';
import { COLOUR, holdsIn, unitLabel, unitsQuery, unitTree, endOfDay, type Unit } from '../identity/admin/admin.ts';
import { QueryState, useGuardedSave } from '../identity/admin/guarded.tsx';
import { campaignsKey, LIST_LIMIT, REVIEW_PERMISSION, type Campaign } from './reviews.ts';
import { SubmitButton } from '../../app/SubmitButton.tsx';

// The return type is written out: the router's type is made of the routes' components, and a page that
// links (typed by that router) would otherwise ask for its own type while it is being worked out.
export function CampaignsPage(): ReactElement {
  const t = useT();
  const formatDateTime = useFormatDateTime();
  const permissions = useQuery(sessionQuery).data?.permissions;
  const units = useQuery(unitsQuery).data ?? [];
  const campaigns = useQuery({
    queryKey: campaignsKey,
    queryFn: async () => unwrap(await api.GET('/access-reviews/campaigns', { params: { query: { limit: LIST_LIMIT } } })).items,
    refetchOnWindowFocus: false,
  });
  const startUnits = units.filter((unit) => holdsIn(permissions, REVIEW_PERMISSION.manage, unit.id, units));
  return (
    <Stack gap="xl">
      <Title order={1} size="h2">
        {t('accessReviews.campaigns.title')}
      </Title>
      <Text maw={720}>{t('accessReviews.campaigns.intro')}</Text>
      {startUnits.length > 0 && <StartCampaign units={startUnits} all={units} />}
      <Stack component="section" aria-labelledby="campaigns-title">
        <Title order={2} size="h3" id="campaigns-title">
          {t('accessReviews.campaigns.list')}
        </Title>
        <QueryState query={campaigns} loading={t('accessReviews.campaigns.loading')}>
          {() =>
            campaigns.data!.length === 0 ? (
              <Text>{t('accessReviews.campaigns.empty')}</Text>
            ) : (
              <Table data-testid="campaigns">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('accessReviews.campaign.name')}</Table.Th>
                    <Table.Th>{t('accessReviews.campaign.scope')}</Table.Th>
                    <Table.Th>{t('accessReviews.campaign.deadlineLabel')}</Table.Th>
                    <Table.Th>{t('accessReviews.campaign.status')}</Table.Th>
                    <Table.Th>{t('accessReviews.campaign.progress')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {campaigns.data!.map((campaign) => (
                    <Table.Tr key={campaign.id}>
                      <Table.Td>
                        <Anchor
                          renderRoot={(props) => (
                            <Link {...props} to="/admin/access-reviews/$campaignId" params={{ campaignId: campaign.id }} />
                          )}
                        >
                          {campaign.name}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        {t(`accessReviews.scope.${campaign.scope}`)}
                        <Text size="sm">
                          {campaign.unitId ? unitLabel(units, campaign.unitId) : t('accessReviews.scope.wholeOrganisation')}
                        </Text>
                      </Table.Td>
                      <Table.Td>{formatDateTime(campaign.deadline)}</Table.Td>
                      <Table.Td>
                        <CampaignStatus campaign={campaign} />
                      </Table.Td>
                      <Table.Td>
                        {t('accessReviews.progress.short', { decided: campaign.progress.decided, total: campaign.progress.total })}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )
          }
        </QueryState>
      </Stack>
    </Stack>
  );
}

export function CampaignStatus({ campaign }: { campaign: Campaign }) {
  const t = useT();
  return (
    <Badge autoContrast color={campaign.status === 'open' ? COLOUR.open : COLOUR.neutral}>
      {t(`accessReviews.status.${campaign.status}`)}
    </Badge>
  );
}

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

function StartCampaign({ units, all }: { units: Unit[]; all: Unit[] }) {
  const t = useT();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const root = all.find((unit) => unit.parentId === null);
  const wholeOrganisation = !!root && units.some((unit) => unit.id === root.id);
  const [values, setValues] = useState({
    name: '',
    scope: 'all',
    unitId: wholeOrganisation ? '' : (units[0]?.id ?? ''),
    deadline: inDays(30),
    onMissed: 'escalate',
  });
  const {
    mutation: save,
    errors,
    formRef,
    feedback,
    blocked,
    submit,
  } = useGuardedSave({
    save: async () =>
      unwrap(
        await api.POST('/access-reviews/campaigns', {
          body: {
            name: values.name.trim(),
            scope: values.scope as 'all' | 'privileged',
            unitId: values.unitId || null,
            deadline: endOfDay(values.deadline),
            onMissed: values.onMissed as 'escalate' | 'revoke',
          },
        }),
      ),
    onSaved: async (campaign) => {
      await queryClient.invalidateQueries({ queryKey: ['access-reviews'] });
      await navigate({ to: '/admin/access-reviews/$campaignId', params: { campaignId: campaign.id } });
    },
  });
  const field = (name: keyof typeof values) => ({
    value: values[name],
    onChange: (event: { currentTarget: { value: string } }) => setValues({ ...values, [name]: event.currentTarget.value }),
    error: errors[name],
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="start-campaign-title" maw={640}>
      {feedback}
      <form ref={formRef} onSubmit={submit(values, ['name', 'deadline'])} noValidate>
        <Stack>
          <Title order={2} size="h3" id="start-campaign-title">
            {t('accessReviews.start.title')}
          </Title>
          <TextInput label={t('accessReviews.campaign.name')} required {...field('name')} />
          <NativeSelect
            label={t('accessReviews.campaign.scope')}
            data={[
              { value: 'all', label: t('accessReviews.scope.all') },
              { value: 'privileged', label: t('accessReviews.scope.privileged') },
            ]}
            {...field('scope')}
          />
          <NativeSelect
            label={t('accessReviews.start.unit')}
            data={[
              ...(wholeOrganisation ? [{ value: '', label: t('accessReviews.scope.wholeOrganisation') }] : []),
              ...unitTree(units).map(({ unit }) => ({ value: unit.id, label: unitLabel(all, unit.id) })),
            ]}
            {...field('unitId')}
          />
          <TextInput type="date" label={t('accessReviews.campaign.deadlineLabel')} required {...field('deadline')} />
          <NativeSelect
            label={t('accessReviews.start.onMissed')}
            data={[
              { value: 'escalate', label: t('accessReviews.onMissed.escalate') },
              { value: 'revoke', label: t('accessReviews.onMissed.revoke') },
            ]}
            {...field('onMissed')}
          />
          <Group>
            <SubmitButton pending={save.isPending} disabled={blocked}>
              {t('accessReviews.start.submit')}
            </SubmitButton>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
