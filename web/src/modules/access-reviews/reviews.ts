// What the access-review screens share: the API's types and queries.
import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema';

export type Campaign = paths['/access-reviews/campaigns']['get']['responses'][200]['content']['application/json']['items'][number];
export type ReviewItem = paths['/access-reviews/my-items']['get']['responses'][200]['content']['application/json']['items'][number];

export const REVIEW_PERMISSION = { read: 'access-reviews.read', manage: 'access-reviews.manage' } as const;

export const campaignsKey = ['access-reviews', 'campaigns'];
export const myItemsKey = ['access-reviews', 'my-items'];

/** The API lists at most this many (no cursor: a campaign list and a reviewer's items stay short). */
export const LIST_LIMIT = 200;

export const myItemsQuery = queryOptions({
  queryKey: myItemsKey,
  queryFn: async () => unwrap(await api.GET('/access-reviews/my-items', { params: { query: { limit: LIST_LIMIT } } })).items,
  refetchOnWindowFocus: false,
});

export const reportUrl = (campaignId: string, format: 'csv' | 'pdf') =>
  `/api/v1/access-reviews/campaigns/${encodeURIComponent(campaignId)}/report.${format}`;
