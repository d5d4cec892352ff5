// /admin/access-reviews/$campaignId: one campaign, its progress, the items in it this reviewer decides,
// closing it (access-reviews.manage: undecided items stay unreviewed in the report) and its report as
// CSV or PDF: plain links, the browser sends the session cookie and the read is audited.
import type { ReactElement } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { Anchor, Group, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { api, unwrap } from '../../api/client.ts';
import { useFormatDateTime, useT } from '../../i18n/locale.tsx';
import { unitLabel, unitsQuery } from '../identity/admin/admin.ts';
import { QueryState, ReasonAction } from '../identity/admin/guarded.tsx';
import { campaignsKey, myItemsQuery, reportUrl, type Campaign } from './reviews.ts';
import { CampaignStatus } from './CampaignsPage.tsx';
import { ReviewItemsTable } from './ReviewItems.tsx';

// The return type is written out: the router's type is made of the routes' components, and a page that
// links (typed by that router) would otherwise ask for its own type while it is being worked out.
export function CampaignPage(): ReactElement {
  const t = useT();
  const { campaignId = '' } = useParams({ strict: false });
  const campaign = useQuery({
    queryKey: [...campaignsKey, campaignId],
    queryFn: async () => unwrap(await api.GET('/access-reviews/campaigns/{campaignId}', { params: { path: { campaignId } } })),
    refetchOnWindowFocus: false,
  });
  return (
    <Stack gap="xl">
      <Anchor component={Link} to="/admin/access-reviews" size="sm">
        {t('accessReviews.campaigns.back')}
      </Anchor>
      <QueryState query={campaign} loading={t('accessReviews.campaign.loading')}>
        {() => <CampaignDetails campaign={campaign.data!} />}
      </QueryState>
    </Stack>
  );
}

function CampaignDetails({ campaign }: { campaign: Campaign }) {
  const t = useT();
  const formatDateTime = useFormatDateTime();
  const queryClient = useQueryClient();
  const units = useQuery(unitsQuery).data;
  const items = useQuery(myItemsQuery);
  const mine = (items.data ?? []).filter((item) => item.campaign.id === campaign.id);
  const { progress } = campaign;
  return (
    <Stack gap="xl">
      <Group gap="sm">
        <Title order={1} size="h2">
          {campaign.name}
        </Title>
        <CampaignStatus campaign={campaign} />
      </Group>
      <Table variant="vertical" maw={640}>
        <Table.Tbody>
          <Table.Tr>
            <Table.Th>{t('accessReviews.campaign.scope')}</Table.Th>
            <Table.Td>
              {t(`accessReviews.scope.${campaign.scope}`)},{' '}
              {campaign.unitId ? unitLabel(units, campaign.unitId) : t('accessReviews.scope.wholeOrganisation')}
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>{t('accessReviews.campaign.deadlineLabel')}</Table.Th>
            <Table.Td>{formatDateTime(campaign.deadline)}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>{t('accessReviews.start.onMissed')}</Table.Th>
            <Table.Td>{t(`accessReviews.onMissed.${campaign.onMissed}`)}</Table.Td>
          </Table.Tr>
          {campaign.closedAt && (
            <Table.Tr>
              <Table.Th>{t('accessReviews.campaign.closedAt')}</Table.Th>
              <Table.Td>{formatDateTime(campaign.closedAt)}</Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>

      <Stack component="section" aria-labelledby="progress-title" maw={640}>
        <Title order={2} size="h3" id="progress-title">
          {t('accessReviews.campaign.progress')}
        </Title>
        <Progress
          value={progress.total === 0 ? 100 : (progress.decided / progress.total) * 100}
          aria-label={t('accessReviews.progress.short', { decided: progress.decided, total: progress.total })}
        />
        <Text data-testid="campaign-progress">
          {t('accessReviews.progress.detail', {
            decided: progress.decided,
            total: progress.total,
            kept: progress.kept,
            revoked: progress.revoked,
            undecided: progress.undecided,
          })}
        </Text>
        {(progress.escalated > 0 || progress.revokedUnreviewed > 0) && (
          <Text>
            {t('accessReviews.progress.missed', { escalated: progress.escalated, revokedUnreviewed: progress.revokedUnreviewed })}
          </Text>
        )}
      </Stack>

      <Stack component="section" aria-labelledby="report-title">
        <Title order={2} size="h3" id="report-title">
          {t('accessReviews.report.title')}
        </Title>
        <Group>
          <Anchor href={reportUrl(campaign.id, 'csv')} download>
            {t('accessReviews.report.csv')}
          </Anchor>
          <Anchor href={reportUrl(campaign.id, 'pdf')} download>
            {t('accessReviews.report.pdf')}
          </Anchor>
        </Group>
        {campaign.allowedActions.includes('close') && campaign.status === 'open' && (
          <ReasonAction
            label={t('accessReviews.close')}
            intro={t('accessReviews.close.intro')}
            withReason={false}
            danger
            run={async () =>
              unwrap(
                await api.POST('/access-reviews/campaigns/{campaignId}/close', { params: { path: { campaignId: campaign.id } }, body: {} }),
              )
            }
            onDone={() => queryClient.invalidateQueries({ queryKey: ['access-reviews'] })}
          />
        )}
      </Stack>

      <Stack component="section" aria-labelledby="my-campaign-items-title">
        <Title order={2} size="h3" id="my-campaign-items-title">
          {t('accessReviews.campaign.myItems')}
        </Title>
        <QueryState query={items} loading={t('accessReviews.items.loading')}>
          {() =>
            mine.length === 0 ? (
              <Text>{t('accessReviews.campaign.myItems.empty')}</Text>
            ) : (
              <ReviewItemsTable items={mine} showCampaign={false} />
            )
          }
        </QueryState>
      </Stack>
    </Stack>
  );
}
