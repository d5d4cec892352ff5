// Contact moments on the case screen: log one (who may change the case: allowedActions `update`), the
// latest ten from the overview, all of them paged through GET /cases/{caseId}/contact-moments, and a
// correction where the API allows it on that moment (its own allowedActions `update`: the author within
// 24 hours, or contacts.correct with a reason). A failed save keeps the input and shows the problem's
// field errors at their fields; an ended session asks to sign in again without losing the input.
import { useState, type FormEvent } from 'react';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Box, Button, Group, Loader, NativeSelect, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { api, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema';
import { useFormatDateTime, useT } from '../../i18n/locale.tsx';
import type { MessageId } from '../../i18n/messages.nl.ts';
import { ProblemAlert } from '../../app/problems.tsx';
import { SubmitButton } from '../../app/SubmitButton.tsx';
import { useFocusOnOpen, useReturnFocus } from '../../app/focus.ts';
import { problemFieldErrors, useFieldErrors, type FieldErrors } from '../../app/forms.ts';
import { useSignInAgain } from '../identity/SignInAgain.tsx';
import { sessionQuery } from '../identity/session.ts';
import { caseOverviewKey, type CaseOverview } from '../cases/overview.ts';

type LogBody = paths['/cases/{caseId}/contact-moments']['post']['requestBody']['content']['application/json'];
type ContactMoment = CaseOverview['latestContactMoments'][number];
type Participants = CaseOverview['participants'];

const CHANNELS = ['phone', 'video', 'email', 'letter', 'chat', 'visit'] as const;
const DIRECTIONS = ['outbound', 'inbound'] as const;
const OUTCOMES = ['reached', 'no-answer', 'voicemail', 'cancelled', 'completed'] as const;
const CHANNEL: Record<string, MessageId> = {
  phone: 'contacts.channel.phone',
  video: 'contacts.channel.video',
  email: 'contacts.channel.email',
  letter: 'contacts.channel.letter',
  chat: 'contacts.channel.chat',
  visit: 'contacts.channel.visit',
};
const DIRECTION: Record<string, MessageId> = { inbound: 'contacts.direction.inbound', outbound: 'contacts.direction.outbound' };
const OUTCOME: Record<string, MessageId> = {
  reached: 'contacts.outcome.reached',
  'no-answer': 'contacts.outcome.noAnswer',
  voicemail: 'contacts.outcome.voicemail',
  cancelled: 'contacts.outcome.cancelled',
  completed: 'contacts.outcome.completed',
};
/** The overview shows this many; more are a page of their own API away. */
const LATEST = 10;

interface Values {
  channel: string;
  direction: string;
  outcome: string;
  occurredAt: string;
  durationMinutes: string;
  personId: string;
  summary: string;
  reason: string;
}

const EMPTY: Values = {
  channel: 'phone',
  direction: 'outbound',
  outcome: 'reached',
  occurredAt: '',
  durationMinutes: '',
  personId: '',
  summary: '',
  reason: '',
};

/** datetime-local (the browser's time zone) ↔ ISO. */
const toLocalInput = (iso: string) => {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

function useLabel() {
  const t = useT();
  return (map: Record<string, MessageId>, key: string) => (map[key] ? t(map[key]) : key);
}

function fieldErrorsOf(error: unknown, t: ReturnType<typeof useT>): FieldErrors {
  return problemFieldErrors(error, (field) =>
    field === 'durationMinutes'
      ? t('contacts.error.duration')
      : field === 'occurredAt'
        ? t('contacts.error.occurredAt')
        : field === 'reason'
          ? t('contacts.error.reason')
          : t('form.invalid'),
  );
}

export function CaseContactMoments({
  caseId,
  latest,
  participants,
  mayLog,
}: {
  caseId: string;
  latest: ContactMoment[];
  participants: Participants;
  mayLog: boolean;
}) {
  const t = useT();
  const queryClient = useQueryClient();
  const [all, setAll] = useState(false);
  const [logging, setLogging] = useState(false);
  const logButton = useReturnFocus<HTMLButtonElement>(logging);
  const listKey = ['case', caseId, 'contact-moments'] as const;
  const list = useInfiniteQuery({
    queryKey: listKey,
    queryFn: async ({ pageParam }) =>
      unwrap(await api.GET('/cases/{caseId}/contact-moments', { params: { path: { caseId }, query: { limit: 25, after: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
    enabled: all,
    refetchOnWindowFocus: false,
  });
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: caseOverviewKey(caseId) });
    if (all) await queryClient.invalidateQueries({ queryKey: listKey });
  };
  const items: ContactMoment[] = all ? (list.data?.pages.flatMap((p) => p.items) ?? []) : latest;

  return (
    <Stack component="section" aria-labelledby="case-contacts-title" data-testid="case-contacts">
      <Group justify="space-between">
        <Title order={2} size="h3" id="case-contacts-title">
          {t('contacts.title')}
        </Title>
        {mayLog && !logging && (
          <Button ref={logButton} size="xs" onClick={() => setLogging(true)}>
            {t('contacts.log')}
          </Button>
        )}
      </Group>
      {logging && (
        <ContactForm
          caseId={caseId}
          participants={participants}
          onDone={async () => {
            setLogging(false);
            await refresh();
          }}
          onCancel={() => setLogging(false)}
        />
      )}
      {all && list.isPending ? (
        <Loader aria-label={t('contacts.loading')} role="status" />
      ) : all && list.isError && items.length === 0 ? (
        <Alert color="red" role="alert">
          <Stack align="flex-start">
            {t('contacts.error')}
            <Button size="xs" variant="light" onClick={() => void list.refetch()}>
              {t('tasks.retry')}
            </Button>
          </Stack>
        </Alert>
      ) : items.length === 0 ? (
        <Text>{t('contacts.empty')}</Text>
      ) : (
        <Box component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
          {items.map((moment) => (
            <ContactMomentItem key={moment.id} moment={moment} participants={participants} caseId={caseId} onCorrected={refresh} />
          ))}
        </Box>
      )}
      {!all && latest.length >= LATEST && (
        <Button variant="light" size="xs" w="fit-content" onClick={() => setAll(true)}>
          {t('contacts.all')}
        </Button>
      )}
      {all && list.isFetchNextPageError && (
        <Alert color="red" role="alert">
          {t('contacts.error')}
        </Alert>
      )}
      {all && list.hasNextPage && (
        <Button variant="light" size="xs" w="fit-content" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
          {t('list.more')}
        </Button>
      )}
    </Stack>
  );
}

function ContactMomentItem({
  moment,
  participants,
  caseId,
  onCorrected,
}: {
  moment: ContactMoment;
  participants: Participants;
  caseId: string;
  onCorrected: () => Promise<void>;
}) {
  const t = useT();
  const label = useLabel();
  const formatDateTime = useFormatDateTime();
  const [correcting, setCorrecting] = useState(false);
  const correctButton = useReturnFocus<HTMLButtonElement>(correcting);
  const person = participants.find((p) => p.personId === moment.personId)?.person;
  return (
    <Paper component="li" withBorder p="sm" mb="xs" data-testid="contact-moment">
      <Stack gap={4}>
        <Group justify="space-between" wrap="wrap">
          <Text fw={600}>
            {formatDateTime(moment.occurredAt)} · {label(CHANNEL, moment.channel)} · {label(DIRECTION, moment.direction)} ·{' '}
            {label(OUTCOME, moment.outcome)}
            {moment.durationMinutes !== null && ` · ${t('contacts.minutes', { minutes: moment.durationMinutes })}`}
          </Text>
          {moment.allowedActions.includes('update') && !correcting && (
            <Button
              ref={correctButton}
              size="xs"
              variant="subtle"
              onClick={() => setCorrecting(true)}
              aria-label={t('contacts.correctOne', { when: formatDateTime(moment.occurredAt) })}
            >
              {t('contacts.correct')}
            </Button>
          )}
        </Group>
        {person && <Text size="sm">{t('contacts.with', { name: person.displayName })}</Text>}
        {correcting ? (
          <ContactForm
            caseId={caseId}
            participants={participants}
            moment={moment}
            onDone={async () => {
              setCorrecting(false);
              await onCorrected();
            }}
            onCancel={() => setCorrecting(false)}
          />
        ) : (
          <Text style={{ whiteSpace: 'pre-wrap' }}>{moment.summary}</Text>
        )}
        {moment.updatedAt !== moment.createdAt && !correcting && (
          <Text size="xs" c="dimmed">
            {t('contacts.corrected', { when: formatDateTime(moment.updatedAt) })}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

/** Logging a new contact moment, or correcting `moment` (only the fields that changed are sent). */
function ContactForm({
  caseId,
  participants,
  moment,
  onDone,
  onCancel,
}: {
  caseId: string;
  participants: Participants;
  moment?: ContactMoment;
  onDone: () => Promise<void>;
  onCancel: () => void;
}) {
  const t = useT();
  const label = useLabel();
  const userId = useQuery(sessionQuery).data?.user.id;
  const initial: Values = moment
    ? {
        channel: moment.channel,
        direction: moment.direction,
        outcome: moment.outcome,
        occurredAt: toLocalInput(moment.occurredAt),
        durationMinutes: moment.durationMinutes === null ? '' : String(moment.durationMinutes),
        personId: moment.personId ?? '',
        summary: moment.summary,
        reason: '',
      }
    : EMPTY;
  const [values, setValues] = useState<Values>(initial);
  // One key per contact moment being logged: a retry after a lost answer never logs it twice.
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const { errors, setErrors, formRef } = useFieldErrors();
  const signInAgain = useSignInAgain();
  const firstField = useFocusOnOpen<HTMLSelectElement>();
  const id = moment ? `contact-correct-${moment.id}` : 'contact-log';
  // Her own contact moment within 24 hours needs no reason; otherwise the API asks for one.
  // Decided when the form opens (the clock is read once, not on every render).
  const [ownRecent] = useState(
    () => moment !== undefined && moment.createdBy === userId && Date.now() - new Date(moment.createdAt).getTime() < 24 * 3_600_000,
  );

  const body = (): LogBody => ({
    channel: values.channel as LogBody['channel'],
    direction: values.direction as LogBody['direction'],
    outcome: values.outcome as LogBody['outcome'],
    summary: values.summary.trim(),
    personId: values.personId || null,
    durationMinutes: values.durationMinutes.trim() === '' ? null : Number(values.durationMinutes),
    ...(values.occurredAt ? { occurredAt: new Date(values.occurredAt).toISOString() } : {}),
  });
  const save = useMutation({
    mutationFn: async () => {
      if (!moment) {
        return unwrap(
          await api.POST('/cases/{caseId}/contact-moments', {
            params: { path: { caseId }, header: { 'idempotency-key': idempotencyKey } },
            body: body(),
          }),
        );
      }
      const next = body();
      const before: Partial<LogBody> = {
        channel: moment.channel as LogBody['channel'],
        direction: moment.direction as LogBody['direction'],
        outcome: moment.outcome as LogBody['outcome'],
        summary: moment.summary,
        personId: moment.personId,
        durationMinutes: moment.durationMinutes,
      };
      const changed = Object.fromEntries(
        Object.entries(next).filter(([key, value]) =>
          key === 'occurredAt' ? toLocalInput(moment.occurredAt) !== values.occurredAt : before[key as keyof LogBody] !== value,
        ),
      );
      return unwrap(
        await api.PATCH('/contact-moments/{contactMomentId}', {
          params: { path: { contactMomentId: moment.id } },
          body: { version: moment.version, ...changed, ...(values.reason.trim() ? { reason: values.reason.trim() } : {}) },
        }),
      );
    },
    onSuccess: onDone,
    onError: (error) => {
      if (signInAgain.caught(error)) return;
      setErrors(fieldErrorsOf(error, t));
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const missing: FieldErrors = {};
    if (values.summary.trim() === '') missing.summary = t('form.required');
    if (moment && !ownRecent && values.reason.trim() === '') missing.reason = t('form.required');
    if (Object.keys(missing).length > 0) return setErrors(missing);
    setErrors({});
    save.mutate();
  };
  const field = (name: keyof Values) => ({
    id: `${id}-${name}`,
    value: values[name],
    onChange: (event: { currentTarget: { value: string } }) => setValues({ ...values, [name]: event.currentTarget.value }),
    error: errors[name],
  });
  const options = (keys: readonly string[], map: Record<string, MessageId>) => keys.map((key) => ({ value: key, label: label(map, key) }));

  return (
    <Paper withBorder p="sm" radius="md" component="section" aria-labelledby={`${id}-title`}>
      <Title order={3} size="h4" id={`${id}-title`} mb="xs">
        {moment ? t('contacts.correctTitle') : t('contacts.logTitle')}
      </Title>
      {signInAgain.panel(() => save.reset())}
      <form ref={formRef} onSubmit={submit} noValidate>
        <Stack gap="xs">
          {save.isError && !signInAgain.ended && Object.keys(errors).length === 0 && (
            <ProblemAlert error={save.error} messages={{ 'precondition-failed': 'cases.stale' }} />
          )}
          {save.isError && Object.keys(errors).length > 0 && (
            <Alert color="red" role="alert">
              {t('form.fixFields')}
            </Alert>
          )}
          <Group grow align="flex-start">
            <NativeSelect ref={firstField} label={t('contacts.field.channel')} data={options(CHANNELS, CHANNEL)} {...field('channel')} />
            <NativeSelect label={t('contacts.field.direction')} data={options(DIRECTIONS, DIRECTION)} {...field('direction')} />
            <NativeSelect label={t('contacts.field.outcome')} data={options(OUTCOMES, OUTCOME)} {...field('outcome')} />
          </Group>
          <Group grow align="flex-start">
            <TextInput
              type="datetime-local"
              label={t('contacts.field.occurredAt')}
              description={t('contacts.field.occurredAtHint')}
              {...field('occurredAt')}
            />
            <TextInput type="number" inputMode="numeric" label={t('contacts.field.duration')} {...field('durationMinutes')} />
            <NativeSelect
              label={t('contacts.field.person')}
              data={[
                { value: '', label: t('contacts.field.personNone') },
                ...participants.filter((p) => p.person).map((p) => ({ value: p.personId, label: p.person!.displayName })),
              ]}
              {...field('personId')}
            />
          </Group>
          <Textarea label={t('contacts.field.summary')} required autosize minRows={3} {...field('summary')} />
          {moment && (
            <Textarea
              label={t('contacts.field.reason')}
              description={ownRecent ? t('contacts.field.reasonOptional') : t('contacts.field.reasonRequired')}
              required={!ownRecent}
              autosize
              minRows={1}
              {...field('reason')}
            />
          )}
          <Group gap="xs">
            <SubmitButton size="xs" pending={save.isPending} disabled={signInAgain.ended}>
              {moment ? t('contacts.correctSubmit') : t('contacts.logSubmit')}
            </SubmitButton>
            <Button type="button" size="xs" variant="subtle" onClick={onCancel}>
              {t('cases.cancel')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
