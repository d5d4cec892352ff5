// The team lead's referral queue (GET /referrals?view=queue): first-contact deadline order as the API
// gives it, the working days left as the API counts them, who each referral is assigned to. With
// referrals.assign in a referral's unit its row can be selected; the chosen colleague of the team gets
// one or all selected referrals. The API assigns one referral a call (POST /referrals/{id}/assign with
// the version the list showed), so a bulk assignment is a run of calls and each failure is reported
// with its referral; the ones that failed stay selected.
import { useRef, useState, type FormEvent, type Ref } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Anchor, Badge, Button, Checkbox, Group, List, NativeSelect, Stack, Table, Text } from '@mantine/core';
import { api, ProblemError, unwrap } from '../../api/client.ts';
import { useFormatDateTime, useT } from '../../i18n/locale.tsx';
import type { MessageId } from '../../i18n/messages.nl.ts';
import { PagedSection, usePagedList } from '../../app/PagedSection.tsx';
import { VirtualTable } from '../../app/VirtualTable.tsx';
import { useFieldErrors } from '../../app/forms.ts';
import { sessionQuery } from '../identity/session.ts';
import { useSignInAgain } from '../identity/SignInAgain.tsx';
import { useColleagues, type Colleagues } from '../identity/colleagues.ts';
import { TimeLeft, type QueuedReferral as Referral } from './ReferralQueue.tsx';
import { CHANNELS, SOURCES } from './referral.ts';
import { SubmitButton } from '../../app/SubmitButton.tsx';

export const teamQueueKey = ['referrals', 'queue', 'team'] as const;

/** The statuses in which a referral is still worked, so still assignable (the API's isLive). */
const LIVE = new Set<Referral['status']>(['open', 'in-contact', 'not-reached']);

const STATUSES: Record<Referral['status'], MessageId> = {
  open: 'team.referralStatus.open',
  'in-contact': 'team.referralStatus.inContact',
  'not-reached': 'team.referralStatus.notReached',
  converted: 'team.referralStatus.converted',
  duplicate: 'team.referralStatus.duplicate',
  declined: 'team.referralStatus.declined',
};

/** Why one assignment failed, by the problem the API answered. */
const FAILURES: Record<number, MessageId> = {
  403: 'team.assign.failed.forbidden',
  404: 'team.assign.failed.gone',
  409: 'team.assign.failed.closed',
  412: 'team.assign.failed.changed',
};

interface Outcome {
  referral: Referral;
  error?: unknown;
}

export function TeamQueue() {
  const t = useT();
  const formatDateTime = useFormatDateTime();
  const queryClient = useQueryClient();
  const session = useQuery(sessionQuery).data;
  const assignUnits = new Set(session?.permissions['referrals.assign'] ?? []);
  const referrals = usePagedList(teamQueueKey, async (after) =>
    unwrap(await api.GET('/referrals', { params: { query: { view: 'queue', limit: 25, after } } })),
  );
  const items = referrals.data?.pages.flatMap((page) => page.items) ?? [];
  const colleagues = useColleagues(items.map((referral) => referral.owningUnitId));
  const mayAssign = (referral: Referral) => LIVE.has(referral.status) && assignUnits.has(referral.owningUnitId);
  const assignable = items.filter(mayAssign);

  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [userId, setUserId] = useState('');
  const [outcomes, setOutcomes] = useState<{ done: Outcome[]; failed: Outcome[]; to: string } | null>(null);
  const { errors, setErrors, formRef } = useFieldErrors();
  const workerSelect = useRef<HTMLSelectElement>(null);
  const signInAgain = useSignInAgain();

  const label = (referral: Referral) => referral.sourceReference ?? formatDateTime(referral.receivedAt);
  const nameOf = (id: string) => colleagues.nameOf(id) ?? t('team.person.unknown');

  const assign = useMutation({
    mutationFn: async (input: { userId: string; referrals: Referral[] }) => {
      const done: Outcome[] = [];
      const failed: Outcome[] = [];
      // One after the other: the server's answers stay in order and a team lead's bulk is small.
      for (const referral of input.referrals) {
        try {
          unwrap(
            await api.POST('/referrals/{referralId}/assign', {
              params: { path: { referralId: referral.id } },
              body: { version: referral.version, userId: input.userId },
            }),
          );
          done.push({ referral });
        } catch (error) {
          failed.push({ referral, error });
        }
      }
      return { done, failed, to: input.userId };
    },
    onSuccess: async (result) => {
      // A session that ended midway: the rest is assigned after signing in again, with the same choice.
      if (result.failed.some((outcome) => signInAgain.caught(outcome.error))) {
        setSelected(new Set(result.failed.map((outcome) => outcome.referral.id)));
        setOutcomes(result.done.length > 0 ? { done: result.done, failed: [], to: result.to } : null);
        return;
      }
      setOutcomes(result);
      setSelected(new Set(result.failed.map((outcome) => outcome.referral.id)));
      const rejectedUser = result.failed.some(
        (outcome) => outcome.error instanceof ProblemError && 'userId' in outcome.error.fieldErrors(),
      );
      setErrors(rejectedUser ? { userId: t('team.assign.userRejected') } : {});
      await queryClient.invalidateQueries({ queryKey: teamQueueKey });
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const chosen = assignable.filter((referral) => selected.has(referral.id));
    const missing: Record<string, string> = {};
    if (!userId) missing.userId = t('form.required');
    if (chosen.length === 0) missing.referrals = t('team.assign.noneSelected');
    setErrors(missing);
    if (Object.keys(missing).length > 0) return;
    setOutcomes(null);
    assign.mutate({ userId, referrals: chosen });
  };

  const toggle = (id: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    setSelected(next);
  };
  const allSelected = assignable.length > 0 && assignable.every((referral) => selected.has(referral.id));
  const someSelected = assignable.some((referral) => selected.has(referral.id));
  const selectedCount = assignable.filter((referral) => selected.has(referral.id)).length;

  return (
    <PagedSection
      id="team-queue"
      texts={{ title: 'team.queue.title', loading: 'team.queue.loading', empty: 'team.queue.empty', error: 'team.queue.error' }}
      list={referrals}
    >
      {(items) => (
        <Stack>
          {assignable.length > 0 && (
            <>
              {signInAgain.panel(() => {
                const rest = assignable.filter((referral) => selected.has(referral.id));
                if (userId && rest.length > 0) assign.mutate({ userId, referrals: rest });
              })}
              <form ref={formRef} onSubmit={submit} noValidate aria-labelledby="team-assign-title">
                <Stack gap="xs">
                  <Text fw={600} id="team-assign-title">
                    {t('team.assign.title')}
                  </Text>
                  <Group align="flex-end">
                    <AssigneeSelect
                      colleagues={colleagues}
                      value={userId}
                      onChange={setUserId}
                      error={errors.userId}
                      selectRef={workerSelect}
                    />
                    <SubmitButton pending={assign.isPending} disabled={signInAgain.ended}>
                      {t('team.assign.submit', { count: selectedCount })}
                    </SubmitButton>
                  </Group>
                  {errors.referrals && (
                    <Text c="red.8" size="sm" role="alert">
                      {errors.referrals}
                    </Text>
                  )}
                </Stack>
              </form>
              {outcomes && outcomes.done.length > 0 && (
                <Alert color="green" role="status">
                  {t('team.assign.done', { count: outcomes.done.length, name: nameOf(outcomes.to) })}
                </Alert>
              )}
              {outcomes && outcomes.failed.length > 0 && (
                <Alert color="red" role="alert" title={t('team.assign.failedTitle', { count: outcomes.failed.length })}>
                  <List size="sm">
                    {outcomes.failed.map(({ referral, error }) => (
                      <List.Item key={referral.id}>
                        {t('team.assign.failedItem', {
                          referral: label(referral),
                          reason: t(
                            error instanceof ProblemError
                              ? (FAILURES[error.problem.status] ??
                                  ('userId' in error.fieldErrors() ? 'team.assign.userRejected' : 'team.assign.failed.other'))
                              : 'problem.network',
                          ),
                        })}
                      </List.Item>
                    ))}
                  </List>
                </Alert>
              )}
            </>
          )}
          {/* Selection lives here, not in the rows: a selected row that scrolls out of the rendered
              window stays selected, and "select all" takes every loaded row. */}
          <VirtualTable
            items={items}
            columns={assignable.length > 0 ? 8 : 6}
            head={
              <>
                {assignable.length > 0 && (
                  <Table.Th>
                    <Checkbox
                      aria-label={t('team.queue.selectAll')}
                      checked={allSelected}
                      indeterminate={someSelected && !allSelected}
                      onChange={(event) => setSelected(event.currentTarget.checked ? new Set(assignable.map((r) => r.id)) : new Set())}
                    />
                  </Table.Th>
                )}
                <Table.Th>{t('team.queue.referral')}</Table.Th>
                <Table.Th>{t('casework.queue.deadline')}</Table.Th>
                <Table.Th>{t('casework.queue.timeLeft')}</Table.Th>
                <Table.Th>{t('casework.queue.source')}</Table.Th>
                <Table.Th>{t('team.queue.status')}</Table.Th>
                <Table.Th>{t('team.queue.assignedTo')}</Table.Th>
                {assignable.length > 0 && <Table.Th>{t('team.queue.actions')}</Table.Th>}
              </>
            }
            rowKey={(referral) => referral.id}
            rowProps={(referral) => ({ 'data-testid': `team-queue-${referral.id}` })}
            row={(referral) => (
              <>
                {assignable.length > 0 && (
                  <Table.Td>
                    {mayAssign(referral) && (
                      <Checkbox
                        aria-label={t('team.queue.select', { referral: label(referral) })}
                        checked={selected.has(referral.id)}
                        onChange={(event) => toggle(referral.id, event.currentTarget.checked)}
                      />
                    )}
                  </Table.Td>
                )}
                <Table.Td>
                  {/* The referral screen is its own route; a plain link keeps this list independent of it. */}
                  <Anchor href={`/referrals/${referral.id}`}>{label(referral)}</Anchor>
                </Table.Td>
                <Table.Td>{formatDateTime(referral.firstContactDueAt)}</Table.Td>
                <Table.Td>
                  <TimeLeft referral={referral} />
                </Table.Td>
                <Table.Td>
                  {t(SOURCES[referral.source])} ({CHANNELS[referral.channel] ? t(CHANNELS[referral.channel]!) : referral.channel})
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" color="gray">
                    {t(STATUSES[referral.status])}
                  </Badge>
                </Table.Td>
                <Table.Td>{referral.assignedTo ? nameOf(referral.assignedTo) : t('team.queue.unassigned')}</Table.Td>
                {assignable.length > 0 && (
                  <Table.Td>
                    {mayAssign(referral) && (
                      <Button
                        size="xs"
                        variant="light"
                        aria-label={t('team.queue.assignOne', { referral: label(referral) })}
                        onClick={() => {
                          // Assigning one: only this row selected, then the choice of colleague.
                          setSelected(new Set([referral.id]));
                          setOutcomes(null);
                          workerSelect.current?.focus();
                        }}
                      >
                        {t('team.queue.assign')}
                      </Button>
                    )}
                  </Table.Td>
                )}
              </>
            )}
          />
        </Stack>
      )}
    </PagedSection>
  );
}

function AssigneeSelect({
  colleagues,
  value,
  onChange,
  error,
  selectRef,
}: {
  colleagues: Colleagues;
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
  selectRef: Ref<HTMLSelectElement>;
}) {
  const t = useT();
  return (
    <NativeSelect
      ref={selectRef}
      id="team-assign-user"
      label={t('team.assign.worker')}
      description={
        colleagues.isError ? t('team.assign.colleaguesError') : colleagues.isPending ? t('team.assign.colleaguesLoading') : undefined
      }
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
      error={error}
      required
      data={[
        { value: '', label: t('team.assign.choose') },
        ...colleagues.assignable.map((colleague) => ({ value: colleague.id, label: colleague.displayName })),
      ]}
    />
  );
}
