// /audit/verification: the audit trail's tamper evidence for holders of audit.verify. On top the state
// (GET /audit/verification): intact, not yet verified, or a failed verification in red with the first bad
// position and what was found; then the sealed tree, the newest checkpoint and the witness store. Below,
// one tab each (the tab in the address): the verification runs, the signed checkpoints (the signed note
// readable as it is), the signed retention notes and the public verifier keys (copyable), each paged
// with the API's cursor. Every read is audited by the API.
import type { ReactElement, ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { Alert, Badge, Button, Code, CopyButton, Group, List, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { api, unwrap } from '../../api/client.ts';
import { useFormatDateTime, useT } from '../../i18n/locale.tsx';
import type { MessageId } from '../../i18n/messages.nl.ts';
import { AnchorLink } from '../../app/AnchorLink.tsx';
import { DetailTable } from '../../app/DetailTable.tsx';
import { PagedSection, usePagedList } from '../../app/PagedSection.tsx';
import { useReadyMark } from '../../app/screen-ready.ts';
import { COLOUR } from '../identity/admin/admin.ts';
import { QueryState } from '../identity/admin/guarded.tsx';
import {
  FINDING_KIND_TEXT,
  VERIFICATION_PAGE,
  VERIFICATION_TABS,
  verificationKey,
  type Checkpoint,
  type RetentionBoundary,
  type Run,
  type VerificationSearch,
  type VerificationStatus,
  type VerificationTab,
} from './verification.ts';

const TAB_TEXT: Record<VerificationTab, MessageId> = {
  runs: 'audit.verification.tab.runs',
  checkpoints: 'audit.verification.tab.checkpoints',
  retention: 'audit.verification.tab.retention',
  keys: 'audit.verification.tab.keys',
};

// The return type is written out: the router's type is made of the routes' components.
export function VerificationPage(): ReactElement {
  const t = useT();
  const search: VerificationSearch = useSearch({ from: '/signed-in/audit/verification' });
  const navigate = useNavigate({ from: '/audit/verification' });
  const status = useQuery({
    queryKey: [...verificationKey, 'status'],
    queryFn: async () => unwrap(await api.GET('/audit/verification')),
    retry: false,
  });
  useReadyMark('verification', !status.isPending);
  const tab = search.tab ?? 'runs';
  return (
    <Stack gap="lg" maw={1200}>
      <AnchorLink to="/audit" size="sm">
        {t('audit.back')}
      </AnchorLink>
      <Title order={1} size="h2">
        {t('audit.verification.title')}
      </Title>
      <Text maw={720}>{t('audit.verification.intro')}</Text>
      <QueryState query={status} loading={t('audit.verification.loading')}>
        {() => (
          <>
            <VerificationState status={status.data!} />
            <Tabs
              value={tab}
              onChange={(next) => next && void navigate({ search: { tab: next as VerificationTab }, replace: true })}
              keepMounted={false}
            >
              <Tabs.List aria-label={t('audit.verification.tabs')}>
                {VERIFICATION_TABS.map((value) => (
                  <Tabs.Tab key={value} value={value}>
                    {t(TAB_TEXT[value])}
                  </Tabs.Tab>
                ))}
              </Tabs.List>
              <Tabs.Panel value="runs" pt="md">
                <Runs />
              </Tabs.Panel>
              <Tabs.Panel value="checkpoints" pt="md">
                <Checkpoints />
              </Tabs.Panel>
              <Tabs.Panel value="retention" pt="md">
                <RetentionBoundaries />
              </Tabs.Panel>
              <Tabs.Panel value="keys" pt="md">
                <Keys />
              </Tabs.Panel>
            </Tabs>
          </>
        )}
      </QueryState>
    </Stack>
  );
}

/** Where the first bad leaf is: exactly there, or somewhere from there on. */
function useFirstBad() {
  const t = useT();
  return (firstBad: NonNullable<Run['firstBad']>) =>
    firstBad.leafIndex === null
      ? t('audit.verification.firstBad.unknown')
      : firstBad.exact
        ? t('audit.verification.firstBad.exact', { position: firstBad.leafIndex })
        : t('audit.verification.firstBad.from', { position: firstBad.leafIndex });
}

function VerificationState({ status }: { status: VerificationStatus }) {
  const t = useT();
  const formatDateTime = useFormatDateTime();
  const firstBad = useFirstBad();
  const run = status.lastRun;
  const checkpoint = status.checkpoint;
  return (
    <Stack gap="md" component="section" aria-labelledby="verification-state-title">
      <Title order={2} size="h3" id="verification-state-title">
        {t('audit.verification.state')}
      </Title>
      {status.state === 'failed' && run ? (
        <Alert color="red" role="alert" data-testid="verification-failed">
          <Stack gap="xs">
            <Text fw={700} size="lg">
              {t('audit.verification.failed')}
            </Text>
            <Text>{t('audit.verification.failed.when', { at: formatDateTime(run.finishedAt), count: status.failuresSinceSuccess })}</Text>
            {run.firstBad && (
              <Text fw={700} data-testid="first-bad">
                {firstBad(run.firstBad)}
                {run.firstBad.eventId ? ` ${t('audit.verification.firstBad.event', { event: run.firstBad.eventId })}` : ''}
              </Text>
            )}
            <Findings run={run} />
            <Text>
              {status.lastSuccess
                ? t('audit.verification.lastSuccess', { at: formatDateTime(status.lastSuccess.finishedAt) })
                : t('audit.verification.neverPassed')}
            </Text>
            <Text>{t('audit.verification.failed.next')}</Text>
          </Stack>
        </Alert>
      ) : status.state === 'verified' && run ? (
        <Alert color="green" role="status" data-testid="verification-intact">
          <Text fw={700}>{t('audit.verification.intact')}</Text>
          <Text size="sm">{t('audit.verification.intact.detail', { at: formatDateTime(run.finishedAt), size: run.toLeaf })}</Text>
        </Alert>
      ) : (
        <Alert color="yellow" role="status">
          <Text fw={700}>{t('audit.verification.notRun')}</Text>
          <Text size="sm">{t('audit.verification.notRun.detail')}</Text>
        </Alert>
      )}
      {status.witnessStore === null && (
        <Alert color="yellow" role="status">
          {t('audit.verification.noWitness')}
        </Alert>
      )}
      {status.unwitnessedCheckpoints > 0 && (
        <Alert color="yellow" role="status">
          {t('audit.verification.unwitnessed', { count: status.unwitnessedCheckpoints })}
        </Alert>
      )}
      <DetailTable
        label={t('audit.verification.state')}
        rows={[
          [t('audit.verification.treeSize'), t('audit.verification.treeSize.value', { size: status.treeSize })],
          [t('audit.verification.sealedAt'), status.sealedAt ? formatDateTime(status.sealedAt) : t('audit.verification.never')],
          [
            t('audit.verification.boundary'),
            status.boundary === '0'
              ? t('audit.verification.boundary.none')
              : t('audit.verification.position', { position: status.boundary }),
          ],
          [
            t('audit.verification.checkpoint'),
            checkpoint
              ? t('audit.verification.checkpoint.value', { size: checkpoint.size, at: formatDateTime(checkpoint.issuedAt) })
              : t('audit.verification.checkpoint.none'),
          ],
          [
            t('audit.verification.checkpoint.witnessed'),
            checkpoint ? (checkpoint.witnessedAt ? formatDateTime(checkpoint.witnessedAt) : t('audit.verification.notYet')) : undefined,
          ],
          [t('audit.verification.witnessStore'), status.witnessStore ?? t('audit.verification.witnessStore.none')],
          [t('audit.verification.lastRun'), run ? <RunSummary key="run" run={run} /> : t('audit.verification.never')],
        ]}
      />
    </Stack>
  );
}

function RunSummary({ run }: { run: Run }) {
  const t = useT();
  const formatDateTime = useFormatDateTime();
  return (
    <>
      {t('audit.verification.run.summary', {
        at: formatDateTime(run.finishedAt),
        mode: t(run.mode === 'full' ? 'audit.verification.mode.full' : 'audit.verification.mode.incremental'),
        from: run.fromLeaf,
        to: run.toLeaf,
        checkpoints: run.checkpointsCompared,
      })}
    </>
  );
}

function Findings({ run }: { run: Run }) {
  const t = useT();
  if (run.findings.length === 0) return null;
  return (
    <List size="sm" data-testid="findings">
      {run.findings.map((finding, index) => (
        <List.Item key={index}>
          <Text span fw={600} size="sm">
            {t(FINDING_KIND_TEXT[finding.kind])}
          </Text>
          {finding.leafIndex !== null && <> ({t('audit.verification.position', { position: finding.leafIndex })})</>}
          {': '}
          {finding.detail}
        </List.Item>
      ))}
    </List>
  );
}

function Runs() {
  const t = useT();
  const formatDateTime = useFormatDateTime();
  const firstBad = useFirstBad();
  const list = usePagedList([...verificationKey, 'runs'], async (after) =>
    unwrap(await api.GET('/audit/verification/runs', { params: { query: { limit: VERIFICATION_PAGE, after } } })),
  );
  return (
    <PagedSection
      id="verification-runs"
      texts={{
        title: 'audit.verification.runs',
        loading: 'audit.verification.runs.loading',
        empty: 'audit.verification.runs.empty',
        error: 'audit.verification.runs.error',
      }}
      list={list}
    >
      {(runs: Run[]) => (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('audit.verification.run.finished')}</Table.Th>
              <Table.Th>{t('audit.verification.run.mode')}</Table.Th>
              <Table.Th>{t('audit.verification.run.range')}</Table.Th>
              <Table.Th>{t('audit.verification.run.checkpoints')}</Table.Th>
              <Table.Th>{t('audit.verification.run.result')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {runs.map((run) => (
              <Table.Tr key={run.id} data-testid={`run-${run.id}`}>
                <Table.Td>{formatDateTime(run.finishedAt)}</Table.Td>
                <Table.Td>{t(run.mode === 'full' ? 'audit.verification.mode.full' : 'audit.verification.mode.incremental')}</Table.Td>
                <Table.Td>{t('audit.verification.run.rangeValue', { from: run.fromLeaf, to: run.toLeaf })}</Table.Td>
                <Table.Td>{run.checkpointsCompared}</Table.Td>
                <Table.Td>
                  <Stack gap={4}>
                    <Badge autoContrast color={run.ok ? COLOUR.good : COLOUR.bad}>
                      {t(run.ok ? 'audit.verification.run.ok' : 'audit.verification.run.failed')}
                    </Badge>
                    {run.firstBad && <Text size="sm">{firstBad(run.firstBad)}</Text>}
                    <Findings run={run} />
                    {run.warnings.map((warning) => (
                      <Text key={warning} size="sm">
                        {t('audit.verification.run.warning', { warning })}
                      </Text>
                    ))}
                  </Stack>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </PagedSection>
  );
}

/** A signed note as it is, to read or copy into a verifier; folded away until asked for. */
function SignedNote({ note, label }: { note: string; label: string }) {
  return (
    <details>
      <summary>{label}</summary>
      <Code block mt="xs">
        {note}
      </Code>
    </details>
  );
}

function Checkpoints() {
  const t = useT();
  const formatDateTime = useFormatDateTime();
  const list = usePagedList([...verificationKey, 'checkpoints'], async (after) =>
    unwrap(await api.GET('/audit/checkpoints', { params: { query: { limit: VERIFICATION_PAGE, after } } })),
  );
  return (
    <PagedSection
      id="verification-checkpoints"
      texts={{
        title: 'audit.verification.checkpoints',
        loading: 'audit.verification.checkpoints.loading',
        empty: 'audit.verification.checkpoints.empty',
        error: 'audit.verification.checkpoints.error',
      }}
      list={list}
    >
      {(checkpoints: Checkpoint[]) => (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('audit.verification.checkpoint.size')}</Table.Th>
              <Table.Th>{t('audit.verification.checkpoint.issued')}</Table.Th>
              <Table.Th>{t('audit.verification.checkpoint.witnessed')}</Table.Th>
              <Table.Th>{t('audit.verification.checkpoint.note')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {checkpoints.map((checkpoint) => (
              <Table.Tr key={checkpoint.size} data-testid={`checkpoint-${checkpoint.size}`}>
                <Table.Td>{checkpoint.size}</Table.Td>
                <Table.Td>{formatDateTime(checkpoint.issuedAt)}</Table.Td>
                <Table.Td>{checkpoint.witnessedAt ? formatDateTime(checkpoint.witnessedAt) : t('audit.verification.notYet')}</Table.Td>
                <Table.Td>
                  <SignedNote note={checkpoint.note} label={t('audit.verification.note.show', { key: checkpoint.keyId })} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </PagedSection>
  );
}

function RetentionBoundaries() {
  const t = useT();
  const formatDateTime = useFormatDateTime();
  const list = usePagedList([...verificationKey, 'retention'], async (after) =>
    unwrap(await api.GET('/audit/retention-boundaries', { params: { query: { limit: VERIFICATION_PAGE, after } } })),
  );
  return (
    <Stack>
      <Text maw={720}>{t('audit.verification.retention.about')}</Text>
      <PagedSection
        id="verification-retention"
        texts={{
          title: 'audit.verification.retention',
          loading: 'audit.verification.retention.loading',
          empty: 'audit.verification.retention.empty',
          error: 'audit.verification.retention.error',
        }}
        list={list}
      >
        {(boundaries: RetentionBoundary[]) => (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('audit.verification.retention.made')}</Table.Th>
                <Table.Th>{t('audit.verification.boundary')}</Table.Th>
                <Table.Th>{t('audit.verification.retention.rules')}</Table.Th>
                <Table.Th>{t('audit.verification.checkpoint.witnessed')}</Table.Th>
                <Table.Th>{t('audit.verification.checkpoint.note')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {boundaries.map((boundary) => (
                <Table.Tr key={boundary.id}>
                  <Table.Td>{formatDateTime(boundary.madeAt)}</Table.Td>
                  <Table.Td>
                    {t('audit.verification.retention.boundaryValue', {
                      position: boundary.boundary,
                      size: boundary.checkpointSize,
                      tombstones: boundary.tombstones,
                    })}
                  </Table.Td>
                  <Table.Td>{t('audit.verification.retention.rulesValue', boundary.rules)}</Table.Td>
                  <Table.Td>{boundary.witnessedAt ? formatDateTime(boundary.witnessedAt) : t('audit.verification.notYet')}</Table.Td>
                  <Table.Td>
                    <SignedNote note={boundary.note} label={t('audit.verification.retention.note')} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </PagedSection>
    </Stack>
  );
}

function Keys() {
  const t = useT();
  const keys = useQuery({
    queryKey: [...verificationKey, 'keys'],
    queryFn: async () => unwrap(await api.GET('/audit/keys')),
    retry: false,
  });
  return (
    <Stack component="section" aria-labelledby="verification-keys-title">
      <Title order={2} size="h3" id="verification-keys-title">
        {t('audit.verification.keys')}
      </Title>
      <Text maw={720}>{t('audit.verification.keys.about')}</Text>
      <QueryState query={keys} loading={t('audit.verification.keys.loading')}>
        {() => (
          <Stack>
            <Text>{t('audit.verification.keys.origin', { origin: keys.data!.origin })}</Text>
            {keys.data!.keys.length === 0 ? (
              <Text>{t('audit.verification.keys.empty')}</Text>
            ) : (
              keys.data!.keys.map((key) => (
                <VerifierKey key={key.verifierKey} id={`key-${key.keyId}`} title={key.name} active={key.active} source={key.source}>
                  {key.verifierKey}
                </VerifierKey>
              ))
            )}
          </Stack>
        )}
      </QueryState>
    </Stack>
  );
}

function VerifierKey({
  id,
  title,
  active,
  source,
  children,
}: {
  id: string;
  title: string;
  active: boolean;
  source: string;
  children: string;
}): ReactNode {
  const t = useT();
  return (
    <Stack gap="xs" data-testid={id}>
      <Group gap="sm">
        <Text fw={600} id={`${id}-label`}>
          {title}
        </Text>
        <Badge autoContrast color={active ? COLOUR.good : COLOUR.neutral}>
          {t(active ? 'audit.verification.key.active' : 'audit.verification.key.retired')}
        </Badge>
        <Text size="sm">{t('audit.verification.key.source', { source })}</Text>
      </Group>
      <Code block aria-labelledby={`${id}-label`}>
        {children}
      </Code>
      <CopyButton value={children}>
        {({ copied, copy }) => (
          <Button size="xs" w="fit-content" onClick={copy} color={copied ? 'green' : undefined}>
            {t(copied ? 'audit.verification.key.copied' : 'audit.verification.key.copy')}
          </Button>
        )}
      </CopyButton>
    </Stack>
  );
}
