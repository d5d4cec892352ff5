// Review items and deciding them: keep the grant, or revoke it (a comment says why; the revoke takes
// effect at once). Decisions are final, so the choice is confirmed in a small form first.
import { useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Group, Paper, Radio, Stack, Table, Text, Textarea } from '@mantine/core';
import { api, unwrap } from '../../api/client.ts';
import { useFormatDateTime, useT } from '../../i18n/locale.tsx';
import { COLOUR } from '../identity/admin/admin.ts';
import { useGuardedSave } from '../identity/admin/guarded.tsx';
import { campaignsKey, myItemsKey, type ReviewItem } from './reviews.ts';
import { SubmitButton } from '../../app/SubmitButton.tsx';

export function ReviewItemsTable({ items, showCampaign }: { items: ReviewItem[]; showCampaign: boolean }) {
  const t = useT();
  const formatDateTime = useFormatDateTime();
  return (
    <Table data-testid="review-items">
      <Table.Thead>
        <Table.Tr>
          {showCampaign && <Table.Th>{t('accessReviews.item.campaign')}</Table.Th>}
          <Table.Th>{t('accessReviews.item.grantee')}</Table.Th>
          <Table.Th>{t('accessReviews.item.role')}</Table.Th>
          <Table.Th>{t('accessReviews.item.unit')}</Table.Th>
          <Table.Th>{t('accessReviews.item.period')}</Table.Th>
          <Table.Th>{t('accessReviews.item.decision')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {items.map((item) => (
          <Table.Tr key={item.id} data-testid="review-item">
            {showCampaign && (
              <Table.Td>
                {item.campaign.name}
                <Text size="sm">{t('accessReviews.campaign.deadline', { when: formatDateTime(item.campaign.deadline) })}</Text>
              </Table.Td>
            )}
            <Table.Td>
              {item.grantee.displayName}
              <Text size="sm" c="dimmed">
                {item.grantee.kind === 'group' ? t('accessReviews.item.group', { name: item.grantee.name }) : item.grantee.name}
              </Text>
              {item.escalated && (
                <Badge autoContrast color="yellow">
                  {t('accessReviews.item.escalated')}
                </Badge>
              )}
            </Table.Td>
            <Table.Td>{item.role.name}</Table.Td>
            <Table.Td>
              {item.unit.name} ({item.unit.code})
            </Table.Td>
            <Table.Td>
              {formatDateTime(item.startsAt)}
              <Text size="sm">
                {item.endsAt ? t('accessReviews.item.until', { when: formatDateTime(item.endsAt) }) : t('accessReviews.item.noEnd')}
              </Text>
            </Table.Td>
            <Table.Td>
              <Decision item={item} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function Decision({ item }: { item: ReviewItem }) {
  const t = useT();
  const formatDateTime = useFormatDateTime();
  if (item.decision)
    return (
      <Stack gap={2}>
        <Badge autoContrast color={item.decision === 'keep' ? COLOUR.good : COLOUR.bad}>
          {t(`accessReviews.decision.${item.decision}`)}
        </Badge>
        {item.decidedAt && <Text size="sm">{formatDateTime(item.decidedAt)}</Text>}
        {item.comment && <Text size="sm">{item.comment}</Text>}
      </Stack>
    );
  if (item.outcome) return <Text size="sm">{t(`accessReviews.outcome.${item.outcome}`)}</Text>;
  if (!item.allowedActions.includes('decide')) return <Text size="sm">{t('accessReviews.decision.open')}</Text>;
  return <DecideForm item={item} />;
}

function DecideForm({ item }: { item: ReviewItem }) {
  const t = useT();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [values, setValues] = useState({ decision: 'keep', comment: '' });
  const first = useRef<HTMLInputElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (open) first.current?.focus();
  }, [open]);
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
        await api.POST('/access-reviews/items/{itemId}/decision', {
          params: { path: { itemId: item.id } },
          body: { decision: values.decision as 'keep' | 'revoke', comment: values.comment.trim() || null },
        }),
      ),
    onSaved: async () => {
      await queryClient.invalidateQueries({ queryKey: myItemsKey });
      await queryClient.invalidateQueries({ queryKey: campaignsKey });
    },
  });
  if (!open)
    return (
      <Button ref={opener} size="xs" variant="light" onClick={() => setOpen(true)}>
        {t('accessReviews.decide', { name: item.grantee.displayName, role: item.role.name })}
      </Button>
    );
  return (
    <Paper withBorder p="sm" miw={280}>
      {feedback}
      <form ref={formRef} onSubmit={submit(values, values.decision === 'revoke' ? ['comment'] : [])} noValidate>
        <Stack gap="xs">
          <Radio.Group
            label={t('accessReviews.decision.label', { name: item.grantee.displayName, role: item.role.name })}
            value={values.decision}
            onChange={(decision) => setValues({ ...values, decision })}
            error={errors.decision}
          >
            <Stack gap={4} mt={4}>
              <Radio ref={first} value="keep" label={t('accessReviews.decision.keep')} />
              <Radio value="revoke" label={t('accessReviews.decision.revoke')} />
            </Stack>
          </Radio.Group>
          <Textarea
            label={values.decision === 'revoke' ? t('accessReviews.comment.required') : t('accessReviews.comment')}
            required={values.decision === 'revoke'}
            value={values.comment}
            onChange={(event) => setValues({ ...values, comment: event.currentTarget.value })}
            error={errors.comment}
            autosize={false}
            rows={2}
          />
          <Text size="sm">{t('accessReviews.decision.final')}</Text>
          <Group gap="xs">
            <SubmitButton size="xs" color={values.decision === 'revoke' ? 'red' : undefined} pending={save.isPending} disabled={blocked}>
              {t('accessReviews.decision.submit')}
            </SubmitButton>
            <Button
              size="xs"
              variant="subtle"
              onClick={() => {
                setOpen(false);
                setTimeout(() => opener.current?.focus());
              }}
            >
              {t('admin.cancel')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
