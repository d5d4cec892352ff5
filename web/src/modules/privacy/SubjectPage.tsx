// /privacy/persons/$personId: answering one data-subject request. With privacy.subject-access: the
// access export (art. 15) as JSON and as PDF, each a POST with the request as reason (audited), saved
// as a download, and after the JSON what it holds per section; the rectification history (who changed
// which field when). With privacy.erasure: what erasing would do or why it is refused now
// (`GET …/erasure`, audited), and erasing with the legal ground behind a panel that takes the focus.
import { useState, type ReactElement, type ReactNode } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { Button, Code, Group, Loader, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { api, unwrap } from '../../api/client.ts';
import { useFormatDate, useFormatDateTime, useT } from '../../i18n/locale.tsx';
import { AnchorLink } from '../../app/AnchorLink.tsx';
import { ProblemAlert } from '../../app/problems.tsx';
import { sessionQuery } from '../identity/session.ts';
import { useSignInAgain } from '../identity/SignInAgain.tsx';
import { holds, PRIVACY_PERMISSION, SUBJECT_VIEWS } from './privacy.ts';
import { PersonAccesses } from '../audit/PersonAccesses.tsx';
import { PERSON_PROBLEMS, Section } from './SubjectSection.tsx';
import { ErasureSection } from './SubjectErasure.tsx';
import { ActorName } from './ActorName.tsx';
import {
  EXPORT_SECTIONS,
  foundPerson,
  MIN_REASON,
  saveFile,
  useRequestReason,
  type AccessExport,
  type RectificationEntry,
} from './subjects.ts';

export function SubjectPage(): ReactElement {
  const t = useT();
  const formatDate = useFormatDate();
  const { personId = '' } = useParams({ strict: false });
  const permissions = useQuery(sessionQuery).data?.permissions;
  const [reason, setReason] = useRequestReason();
  const [reasonError, setReasonError] = useState<string | undefined>();
  const queryClient = useQueryClient();
  const [named, setNamed] = useState(() => foundPerson(queryClient, personId));
  const subjectAccess = holds(permissions, PRIVACY_PERMISSION.subjectAccess);
  const erasure = holds(permissions, PRIVACY_PERMISSION.erasure);
  const accesses = holds(permissions, SUBJECT_VIEWS);
  /** The request's reason for the next step, or undefined (and the field says why) when it is too short. */
  const requestReason = (): string | undefined => {
    const text = reason.trim();
    if (text.length >= MIN_REASON) {
      setReasonError(undefined);
      return text;
    }
    setReasonError(t('privacy.request.tooShort', { min: MIN_REASON }));
    document.getElementById('request-reason')?.focus();
    return undefined;
  };
  const learnName = (person: { displayName: string; dateOfBirth: string | null }) =>
    setNamed((known) => known ?? { personId, displayName: person.displayName, dateOfBirth: person.dateOfBirth, matchedOn: [] });
  return (
    <Stack gap="xl">
      <AnchorLink to="/privacy/persons" size="sm">
        {t('privacy.person.back')}
      </AnchorLink>
      <Stack gap={4}>
        <Title order={1} size="h2">
          {named ? t('privacy.person.title', { name: named.displayName }) : t('privacy.person.titleUnnamed')}
        </Title>
        {named?.dateOfBirth && <Text>{t('privacy.person.bornOn', { date: formatDate(named.dateOfBirth) })}</Text>}
      </Stack>
      {!subjectAccess && !erasure && !accesses && <Text>{t('privacy.person.nothing')}</Text>}
      {subjectAccess && (
        <>
          <TextInput
            id="request-reason"
            maw={720}
            label={t('privacy.request.label')}
            description={t('privacy.request.description')}
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            error={reasonError}
            required
          />
          <AccessExportSection personId={personId} requestReason={requestReason} onPerson={learnName} />
          <RectificationSection personId={personId} requestReason={requestReason} />
        </>
      )}
      {accesses && <AccessesSection personId={personId} />}
      {erasure && <ErasureSection personId={personId} onPerson={learnName} />}
    </Stack>
  );
}

/**
 * Who looked at her (audit.subject-views): shown when asked, because every view is itself recorded in the
 * audit trail with the person as data subject; then the audit module's list, the one the person screen has.
 */
function AccessesSection({ personId }: { personId: string }) {
  const t = useT();
  const [asked, setAsked] = useState(false);
  if (asked) return <PersonAccesses personId={personId} />;
  return (
    <Section id="accesses-title" title={t('audit.accesses.title')} intro={t('privacy.accesses.intro')}>
      <Group>
        <Button variant="default" onClick={() => setAsked(true)}>
          {t('privacy.accesses.show')}
        </Button>
      </Group>
    </Section>
  );
}

/** A button for a request that takes a moment: it says it is busy but keeps the focus (as SubmitButton). */
function PendingButton({
  pending,
  disabled,
  onClick,
  children,
}: {
  pending: boolean;
  disabled: boolean;
  onClick: () => void;
  children: ReactNode;
}) {
  return (
    <Button
      variant="default"
      disabled={disabled}
      aria-disabled={pending || undefined}
      leftSection={pending ? <Loader size={14} color="currentColor" aria-hidden /> : undefined}
      onClick={() => {
        if (!pending) onClick();
      }}
    >
      {children}
    </Button>
  );
}

/** A POST that only reads (the request as reason in the body, the CSRF header from the client), audited. */
function useRequestRead<T>(run: (reason: string) => Promise<T>, onDone: (data: T) => void) {
  const signInAgain = useSignInAgain();
  const mutation = useMutation({
    mutationFn: run,
    onSuccess: onDone,
    onError: (error) => signInAgain.caught(error),
  });
  const feedback = (
    <>
      {signInAgain.panel(() => mutation.reset())}
      {mutation.isError && !signInAgain.ended && <ProblemAlert error={mutation.error} messages={PERSON_PROBLEMS} />}
    </>
  );
  return { mutation, feedback, blocked: signInAgain.ended };
}

function AccessExportSection({
  personId,
  requestReason,
  onPerson,
}: {
  personId: string;
  requestReason: () => string | undefined;
  onPerson: (person: AccessExport['person']) => void;
}) {
  const t = useT();
  const formatDateTime = useFormatDateTime();
  const [held, setHeld] = useState<AccessExport | null>(null);
  const [saved, setSaved] = useState<'json' | 'pdf' | null>(null);
  const path = { params: { path: { personId } }, parseAs: 'blob' as const };
  const json = useRequestRead(
    async (reason: string) => unwrap(await api.POST('/privacy/persons/{personId}/subject-access', { ...path, body: { reason } })),
    (file) => {
      saveFile(file, `inzage-${personId}.json`);
      void file.text().then((text) => {
        const data = JSON.parse(text) as AccessExport;
        setHeld(data);
        setSaved('json');
        onPerson(data.person);
      });
    },
  );
  const pdf = useRequestRead(
    async (reason: string) => unwrap(await api.POST('/privacy/persons/{personId}/subject-access.pdf', { ...path, body: { reason } })),
    (file) => {
      saveFile(file, `inzage-${personId}.pdf`);
      setSaved('pdf');
    },
  );
  const start = (read: typeof json) => () => {
    const reason = requestReason();
    if (reason) {
      setSaved(null);
      read.mutation.mutate(reason);
    }
  };
  return (
    <Section id="access-export-title" title={t('privacy.export.title')} intro={t('privacy.export.intro')}>
      {json.feedback}
      {pdf.feedback}
      <Group>
        <PendingButton pending={json.mutation.isPending} disabled={json.blocked} onClick={start(json)}>
          {t('privacy.export.json')}
        </PendingButton>
        <PendingButton pending={pdf.mutation.isPending} disabled={pdf.blocked} onClick={start(pdf)}>
          {t('privacy.export.pdf')}
        </PendingButton>
      </Group>
      <Text role="status" size="sm">
        {json.mutation.isPending || pdf.mutation.isPending
          ? t('privacy.export.busy')
          : saved === 'json'
            ? t('privacy.export.savedJson')
            : saved === 'pdf'
              ? t('privacy.export.savedPdf')
              : ''}
      </Text>
      {held && (
        <Paper withBorder p="md" maw={560}>
          <Stack gap="xs">
            <Title order={3} size="h4" id="export-summary-title">
              {t('privacy.export.summary.title')}
            </Title>
            <Text size="sm">
              {t('privacy.export.summary.about', { name: held.person.displayName, at: formatDateTime(held.generatedAt) })}
            </Text>
            <Table aria-labelledby="export-summary-title" data-testid="export-summary">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('privacy.export.summary.section')}</Table.Th>
                  <Table.Th>{t('privacy.export.summary.count')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {EXPORT_SECTIONS.map((section) => (
                  <Table.Tr key={section}>
                    <Table.Th scope="row" fw={400}>
                      {t(`privacy.export.section.${section}`)}
                    </Table.Th>
                    <Table.Td>{held[section].length}</Table.Td>
                  </Table.Tr>
                ))}
                <Table.Tr>
                  <Table.Th scope="row" fw={400}>
                    {t('privacy.export.section.redactions')}
                  </Table.Th>
                  <Table.Td>{held.redactions}</Table.Td>
                </Table.Tr>
              </Table.Tbody>
            </Table>
            <Text size="sm">{t('privacy.export.summary.review')}</Text>
          </Stack>
        </Paper>
      )}
    </Section>
  );
}

function RectificationSection({ personId, requestReason }: { personId: string; requestReason: () => string | undefined }) {
  const t = useT();
  const formatDateTime = useFormatDateTime();
  const [items, setItems] = useState<RectificationEntry[] | null>(null);
  const history = useRequestRead(
    async (reason: string) =>
      unwrap(await api.POST('/privacy/persons/{personId}/rectification-history', { params: { path: { personId } }, body: { reason } }))
        .items,
    setItems,
  );
  return (
    <Section id="rectification-title" title={t('privacy.rectification.title')} intro={t('privacy.rectification.intro')}>
      {history.feedback}
      <Group>
        <PendingButton
          pending={history.mutation.isPending}
          disabled={history.blocked}
          onClick={() => {
            const reason = requestReason();
            if (reason) history.mutation.mutate(reason);
          }}
        >
          {items ? t('privacy.rectification.again') : t('privacy.rectification.show')}
        </PendingButton>
      </Group>
      {items &&
        (items.length === 0 ? (
          <Text role="status">{t('privacy.rectification.none')}</Text>
        ) : (
          <Table aria-labelledby="rectification-title" data-testid="rectification-history">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('privacy.rectification.when')}</Table.Th>
                <Table.Th>{t('privacy.rectification.who')}</Table.Th>
                <Table.Th>{t('privacy.rectification.what')}</Table.Th>
                <Table.Th>{t('privacy.rectification.fields')}</Table.Th>
                <Table.Th>{t('privacy.rectification.reason')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((item, i) => (
                <Table.Tr key={`${item.occurredAt}-${i}`}>
                  <Table.Td>{formatDateTime(item.occurredAt)}</Table.Td>
                  <Table.Td>
                    <ActorName kind={item.actorKind} id={item.actorId} />
                  </Table.Td>
                  <Table.Td>
                    <Code>{item.action}</Code>
                  </Table.Td>
                  <Table.Td>{item.changedFields.join(', ')}</Table.Td>
                  <Table.Td>{item.reason ?? '–'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ))}
    </Section>
  );
}
