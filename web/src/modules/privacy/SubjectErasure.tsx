// The erasure section of a data-subject request's page (privacy.erasure): the preview on request (audited),
// the reasons it is refused now or what would go, and erasing after a confirming panel.
import { useState, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Group, List, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { api, ProblemError, unwrap } from '../../api/client.ts';
import { useFormatDate, useFormatDateTime, useT } from '../../i18n/locale.tsx';
import { AnchorLink } from '../../app/AnchorLink.tsx';
import { ProblemAlert } from '../../app/problems.tsx';
import { SubmitButton } from '../../app/SubmitButton.tsx';
import { useFocusOnOpen, useReturnFocus } from '../../app/focus.ts';
import { useGuardedSave } from '../identity/admin/guarded.tsx';
import { ERASURE_EFFECTS, MIN_REASON, type ErasureBlocker, type ErasurePreview, type ErasureResult } from './subjects.ts';
import { PERSON_PROBLEMS, Section } from './SubjectSection.tsx';

export function ErasureSection({ personId, onPerson }: { personId: string; onPerson: (person: ErasurePreview) => void }) {
  const t = useT();
  const [asked, setAsked] = useState(false);
  const [result, setResult] = useState<ErasureResult | null>(null);
  const preview = useQuery({
    queryKey: ['privacy', 'erasure', personId],
    queryFn: async () => {
      const data = unwrap(await api.GET('/privacy/persons/{personId}/erasure', { params: { path: { personId } } }));
      onPerson(data);
      return data;
    },
    enabled: asked && result === null,
    refetchOnWindowFocus: false,
    retry: false,
  });
  return (
    <Section id="erasure-title" title={t('privacy.erasure.title')} intro={t('privacy.erasure.intro')}>
      {result ? (
        <ErasureDone result={result} />
      ) : !asked ? (
        <Group>
          <Button variant="default" onClick={() => setAsked(true)}>
            {t('privacy.erasure.check')}
          </Button>
        </Group>
      ) : preview.isPending ? (
        <Text role="status">{t('privacy.erasure.loading')}</Text>
      ) : preview.isError ? (
        <Stack align="flex-start">
          <ProblemAlert error={preview.error} messages={PERSON_PROBLEMS} />
          <Button size="xs" variant="default" onClick={() => void preview.refetch()}>
            {t('tasks.retry')}
          </Button>
        </Stack>
      ) : (
        <ErasurePlan preview={preview.data} onRefresh={() => void preview.refetch()} onErased={setResult} />
      )}
    </Section>
  );
}

function ErasurePlan({
  preview,
  onRefresh,
  onErased,
}: {
  preview: ErasurePreview;
  onRefresh: () => void;
  onErased: (result: ErasureResult) => void;
}) {
  const t = useT();
  const formatDate = useFormatDate();
  const formatDateTime = useFormatDateTime();
  const [confirming, setConfirming] = useState(false);
  const opener = useReturnFocus<HTMLButtonElement>(confirming);
  return (
    <Stack gap="sm" data-testid="erasure-preview">
      <Text>
        {t('privacy.erasure.whom', {
          name: preview.displayName,
          born: preview.dateOfBirth ? formatDate(preview.dateOfBirth) : t('privacy.unknown'),
        })}
      </Text>
      {preview.anonymisedAt && <Text>{t('privacy.erasure.anonymisedAt', { at: formatDateTime(preview.anonymisedAt) })}</Text>}
      {preview.outcome === 'refused' ? (
        <Alert color="red" title={t('privacy.erasure.refused')} data-testid="erasure-refused">
          <Blockers blockers={preview.blockers} />
        </Alert>
      ) : (
        <Text fw={600}>{t(preview.outcome === 'anonymise' ? 'privacy.erasure.willAnonymise' : 'privacy.erasure.willErase')}</Text>
      )}
      <Effects effects={preview.effects} caption={t('privacy.erasure.effects')} />
      <Group>
        <Button size="xs" variant="default" onClick={onRefresh}>
          {t('privacy.erasure.refresh')}
        </Button>
        {preview.outcome !== 'refused' && !confirming && (
          <Button ref={opener} color="red" onClick={() => setConfirming(true)}>
            {t(preview.outcome === 'anonymise' ? 'privacy.erasure.anonymise' : 'privacy.erasure.erase')}
          </Button>
        )}
      </Group>
      {confirming && preview.outcome !== 'refused' && (
        <ConfirmErasure preview={preview} onCancel={() => setConfirming(false)} onErased={onErased} onRefused={onRefresh} />
      )}
    </Stack>
  );
}

function Blockers({ blockers }: { blockers: ErasureBlocker[] }) {
  const t = useT();
  const text = (blocker: ErasureBlocker): ReactNode => {
    switch (blocker.reason) {
      case 'open-case':
        return t('privacy.erasure.blocker.openCase', { number: blocker.caseNumber ?? blocker.caseId });
      case 'legal-hold':
        return t('privacy.erasure.blocker.legalHold', { number: blocker.caseNumber ?? blocker.caseId });
      case 'live-referral':
        return t('privacy.erasure.blocker.liveReferral');
      case 'merged':
        return (
          <>
            {t('privacy.erasure.blocker.merged')}{' '}
            <AnchorLink to="/privacy/persons/$personId" params={{ personId: blocker.personId }}>
              {t('privacy.erasure.blocker.mergedInto')}
            </AnchorLink>
          </>
        );
    }
  };
  return (
    <List size="sm">
      {blockers.map((blocker, i) => (
        <List.Item key={i}>{text(blocker)}</List.Item>
      ))}
    </List>
  );
}

function Effects({ effects, caption }: { effects: ErasurePreview['effects']; caption: string }) {
  const t = useT();
  return (
    <Table maw={560} data-testid="erasure-effects">
      <Table.Caption>{caption}</Table.Caption>
      <Table.Tbody>
        {ERASURE_EFFECTS.map((kind) => (
          <Table.Tr key={kind}>
            <Table.Th scope="row" fw={400}>
              {t(`privacy.erasure.effect.${kind}`)}
            </Table.Th>
            <Table.Td>{effects[kind]}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function ConfirmErasure({
  preview,
  onCancel,
  onErased,
  onRefused,
}: {
  preview: ErasurePreview;
  onCancel: () => void;
  onErased: (result: ErasureResult) => void;
  onRefused: () => void;
}) {
  const t = useT();
  const [reason, setReason] = useState('');
  const field = useFocusOnOpen<HTMLInputElement>();
  const { mutation, errors, setErrors, formRef, feedback, blocked } = useGuardedSave({
    save: async () =>
      unwrap(
        await api.POST('/privacy/persons/{personId}/erasure', {
          params: { path: { personId: preview.personId } },
          body: { reason: reason.trim() },
        }),
      ),
    onSaved: onErased,
    fields: ['reason'],
  });
  const refused = mutation.error instanceof ProblemError && mutation.error.code === 'erasure-refused';
  return (
    <Paper withBorder p="md" maw={720} role="group" aria-labelledby="confirm-erasure-title">
      <Stack gap="sm">
        <Title order={3} size="h4" id="confirm-erasure-title">
          {t('privacy.erasure.confirm.title', { name: preview.displayName })}
        </Title>
        <Text size="sm">{t(preview.outcome === 'anonymise' ? 'privacy.erasure.confirm.anonymise' : 'privacy.erasure.confirm.erase')}</Text>
        {refused ? (
          <Alert color="red" role="alert">
            {t('privacy.erasure.confirm.refusedNow')}{' '}
            <Button size="xs" variant="default" onClick={onRefused}>
              {t('privacy.erasure.refresh')}
            </Button>
          </Alert>
        ) : (
          feedback
        )}
        <form
          ref={formRef}
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            if (reason.trim().length < MIN_REASON) return setErrors({ reason: t('privacy.request.tooShort', { min: MIN_REASON }) });
            setErrors({});
            mutation.mutate();
          }}
        >
          <Stack gap="sm">
            <TextInput
              ref={field}
              label={t('privacy.erasure.ground')}
              description={t('privacy.erasure.ground.description')}
              value={reason}
              onChange={(event) => setReason(event.currentTarget.value)}
              error={errors.reason}
              required
            />
            <Group>
              <SubmitButton color="red" pending={mutation.isPending} disabled={blocked}>
                {t(preview.outcome === 'anonymise' ? 'privacy.erasure.confirm.doAnonymise' : 'privacy.erasure.confirm.doErase')}
              </SubmitButton>
              <Button variant="subtle" onClick={onCancel}>
                {t('admin.cancel')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Stack>
    </Paper>
  );
}

function ErasureDone({ result }: { result: ErasureResult }) {
  const t = useT();
  const heading = useFocusOnOpen<HTMLHeadingElement>();
  return (
    <Stack gap="sm" data-testid="erasure-done">
      <Title order={3} size="h4" ref={heading} tabIndex={-1}>
        {t(result.outcome === 'anonymised' ? 'privacy.erasure.done.anonymised' : 'privacy.erasure.done.erased')}
      </Title>
      <Effects effects={result.effects} caption={t('privacy.erasure.done.effects')} />
    </Stack>
  );
}
