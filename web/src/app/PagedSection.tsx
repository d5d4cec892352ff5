// A start-page panel over one of the API's keyset-paged lists: a heading, then loading, error (with
// retry), empty or the items, and a "more" button while the API gives a `next` cursor.
import type { ReactNode } from 'react';
import { useInfiniteQuery, type QueryKey } from '@tanstack/react-query';
import { Alert, Button, Loader, Stack, Text, Title } from '@mantine/core';
import { useT } from '../i18n/locale.tsx';
import type { MessageId } from '../i18n/messages.nl.ts';
import { useReadyMark } from './screen-ready.ts';

export interface ApiPage<T> {
  items: T[];
  next: string | null;
}

export function usePagedList<T>(queryKey: QueryKey, fetchPage: (after: string | undefined) => Promise<ApiPage<T>>) {
  return useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
  });
}

interface PagedSectionProps<T> {
  id: string;
  texts: { title: MessageId; loading: MessageId; empty: MessageId; error: MessageId };
  list: ReturnType<typeof usePagedList<T>>;
  children: (items: T[]) => ReactNode;
}

export function PagedSection<T>({ id, texts, list, children }: PagedSectionProps<T>) {
  const t = useT();
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  useReadyMark(id, !list.isPending);
  return (
    <Stack component="section" aria-labelledby={`${id}-title`} data-testid={id}>
      <Title order={2} size="h3" id={`${id}-title`}>
        {t(texts.title)}
      </Title>
      {list.isPending ? (
        <Loader aria-label={t(texts.loading)} role="status" />
      ) : list.isError && items.length === 0 ? (
        <Alert color="red" role="alert">
          <Stack align="flex-start">
            {t(texts.error)}
            <Button size="xs" variant="light" onClick={() => void list.refetch()}>
              {t('tasks.retry')}
            </Button>
          </Stack>
        </Alert>
      ) : items.length === 0 ? (
        <Text>{t(texts.empty)}</Text>
      ) : (
        <>
          {children(items)}
          {list.isFetchNextPageError && (
            <Alert color="red" role="alert">
              {t(texts.error)}
            </Alert>
          )}
          {list.hasNextPage && (
            <Button variant="light" size="xs" w="fit-content" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
              {t('list.more')}
            </Button>
          )}
        </>
      )}
    </Stack>
  );
}
