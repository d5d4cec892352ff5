// /access-reviews: the review items this reviewer decides (GET /access-reviews/my-items): as the unit's
// manager, as the escalation target or as a review manager; open campaigns first, nearest deadline first.
import type { ReactElement } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Stack, Text, Title } from '@mantine/core';
import { useT } from '../../i18n/locale.tsx';
import { QueryState } from '../identity/admin/guarded.tsx';
import { myItemsQuery } from './reviews.ts';
import { ReviewItemsTable } from './ReviewItems.tsx';

// The return type is written out: the router's type is made of the routes' components, and a page that
// links (typed by that router) would otherwise ask for its own type while it is being worked out.
export function MyReviewItemsPage(): ReactElement {
  const t = useT();
  const items = useQuery(myItemsQuery);
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('accessReviews.mine.title')}
      </Title>
      <Text maw={720}>{t('accessReviews.mine.intro')}</Text>
      <QueryState query={items} loading={t('accessReviews.items.loading')}>
        {() =>
          items.data!.length === 0 ? <Text>{t('accessReviews.mine.empty')}</Text> : <ReviewItemsTable items={items.data!} showCampaign />
        }
      </QueryState>
    </Stack>
  );
}
