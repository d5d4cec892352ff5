// The case screen's header: number, type, status, confidentiality (a shielded case says so plainly), and
// the status changes the case type allows from here (nextStatuses), each offered only when the API's
// allowedActions allow it: another status by PATCH, closing and reopening with a reason.
import { useRef, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Badge, Button, Group, Stack, Text, Title } from '@mantine/core';
import { api, unwrap } from '../../api/client.ts';
import { useFormatDate, useFormatDateTime, useT } from '../../i18n/locale.tsx';
import { ProblemAlert } from '../../app/problems.tsx';
import { useSignInAgain } from '../identity/SignInAgain.tsx';
import { caseOverviewKey, showChangedCase, type CaseDetails } from './overview.ts';
import { useCaseLabels } from './labels.ts';
import { ReasonForm } from './ReasonForm.tsx';
import { AlertText } from './AlertText.tsx';

export function CaseHeader({ kase }: { kase: CaseDetails }) {
  const t = useT();
  const labels = useCaseLabels();
  const formatDateTime = useFormatDateTime();
  const formatDate = useFormatDate();
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState<'close' | 'reopen' | null>(null);
  const signInAgain = useSignInAgain();
  const allowed = new Set(kase.allowedActions);
  // The button pressed (a status, or the reason form's "close") is gone once the status changed: the
  // focus goes to the new status, read out there, and Tab goes on to what the new status allows.
  const status = useRef<HTMLDivElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  const reopenButton = useRef<HTMLButtonElement>(null);
  const changed = (next: CaseDetails) => {
    showChangedCase(queryClient, next);
    setAsking(null);
    status.current?.focus();
  };
  const move = useMutation({
    mutationFn: async (status: string) =>
      unwrap(await api.PATCH('/cases/{caseId}', { params: { path: { caseId: kase.id } }, body: { version: kase.version, status } })),
    onSuccess: changed,
    onError: (error) => {
      if (signInAgain.caught(error)) return;
      // Someone else changed the case meanwhile: show the newest state, so the choice is made on it.
      void queryClient.invalidateQueries({ queryKey: caseOverviewKey(kase.id) });
    },
  });
  const moves = allowed.has('update') ? kase.nextStatuses.filter((s) => !s.closes) : [];
  const closes = allowed.has('close') && kase.nextStatuses.some((s) => s.closes);

  return (
    <Stack component="header" gap="xs" data-testid="case-header">
      <Title order={1}>{t('cases.title', { number: kase.number })}</Title>
      <Group gap="sm">
        <Text>{labels.type(kase.caseType.key, kase.caseType.name)}</Text>
        <Badge ref={status} tabIndex={-1} color={kase.closedAt ? 'gray' : 'blue'} data-testid="case-status">
          {t('cases.statusIs', { status: labels.status(kase.status, kase.statusLabel) })}
        </Badge>
        <Badge
          color={kase.confidentiality === 'normal' ? 'gray' : kase.confidentiality === 'sensitive' ? 'grape' : 'red'}
          variant="outline"
        >
          {labels.confidentiality(kase.confidentiality)}
        </Badge>
        {kase.legalHold && (
          <Badge color="red.9" autoContrast data-testid="case-legal-hold-badge">
            {t('cases.legalHold.badge')}
          </Badge>
        )}
      </Group>
      {kase.confidentiality === 'shielded' && (
        <Alert color="red" data-testid="case-shielded">
          <AlertText title={t('cases.shielded.title')} text={t('cases.shielded.text')} />
        </Alert>
      )}
      <Text size="sm">
        {t('cases.openedAt', { when: formatDateTime(kase.openedAt) })}
        {kase.closedAt && ` · ${t('cases.closedAt', { when: formatDateTime(kase.closedAt) })}`}
        {kase.retentionUntil && ` · ${t('cases.retentionUntil', { day: formatDate(kase.retentionUntil) })}`}
      </Text>
      {kase.closeReason && kase.closedAt && <Text size="sm">{t('cases.closeReason', { reason: kase.closeReason })}</Text>}
      {signInAgain.panel(() => move.reset())}
      {move.isError && !signInAgain.ended && <ProblemAlert error={move.error} messages={{ 'precondition-failed': 'cases.stale' }} />}
      {(moves.length > 0 || closes || allowed.has('reopen')) && (
        <Group gap="xs" role="group" aria-label={t('cases.statusActions')}>
          {moves.map((status) => (
            <Button
              key={status.key}
              size="xs"
              variant="light"
              loading={move.isPending && move.variables === status.key}
              disabled={signInAgain.ended}
              onClick={() => move.mutate(status.key)}
            >
              {t('cases.moveTo', { status: labels.status(status.key, status.label) })}
            </Button>
          ))}
          {closes && (
            <Button
              ref={closeButton}
              size="xs"
              variant="light"
              color="gray"
              onClick={() => setAsking('close')}
              aria-expanded={asking === 'close'}
            >
              {t('cases.close')}
            </Button>
          )}
          {allowed.has('reopen') && (
            <Button ref={reopenButton} size="xs" variant="light" onClick={() => setAsking('reopen')} aria-expanded={asking === 'reopen'}>
              {t('cases.reopen')}
            </Button>
          )}
        </Group>
      )}
      {asking && (
        <ReasonForm
          key={asking}
          id={`case-${asking}`}
          label={asking === 'close' ? t('cases.close.reason') : t('cases.reopen.reason')}
          submitLabel={asking === 'close' ? t('cases.close.submit') : t('cases.reopen.submit')}
          save={async (reason) => {
            const path = { params: { path: { caseId: kase.id } }, body: { version: kase.version, reason } };
            changed(
              unwrap(await (asking === 'close' ? api.POST('/cases/{caseId}/close', path) : api.POST('/cases/{caseId}/reopen', path))),
            );
          }}
          onDone={() => {
            setAsking(null);
            status.current?.focus();
          }}
          onCancel={() => {
            (asking === 'close' ? closeButton : reopenButton).current?.focus();
            setAsking(null);
          }}
        />
      )}
    </Stack>
  );
}
