// Legal hold (bewaarplicht), with allowedActions `legalHold` (cases.legal-hold in the case's unit): the
// case's holds, live and lifted, with who set and lifted them and why (GET /cases/{caseId}/legal-hold,
// audited), and putting the case on hold or lifting the hold, each with a reason (an inline panel through
// useGuardedSave). A held case is kept past its retention date: it is never put on a destruction list.
import { useRef } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Badge, Button, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { api, unwrap } from '../../api/client.ts';
import { useFormatDateTime, useT } from '../../i18n/locale.tsx';
import { ReasonAction } from '../identity/admin/guarded.tsx';
import { COLOUR } from '../identity/admin/admin.ts';
import { caseOverviewKey, type CaseDetails } from './overview.ts';

export function CaseLegalHold({ kase }: { kase: CaseDetails }) {
  const t = useT();
  const formatDateTime = useFormatDateTime();
  const queryClient = useQueryClient();
  const key = ['case', kase.id, 'legal-hold'] as const;
  const holds = useQuery({
    queryKey: key,
    queryFn: async () => unwrap(await api.GET('/cases/{caseId}/legal-hold', { params: { path: { caseId: kase.id } } })),
    refetchOnWindowFocus: false,
  });
  const path = { params: { path: { caseId: kase.id } } };
  // The button pressed goes away with the state it belonged to: the focus goes to the new state.
  const state = useRef<HTMLDivElement>(null);
  const saved = async (result: unknown) => {
    queryClient.setQueryData(key, result);
    setTimeout(() => state.current?.focus());
    // The header says whether the case is held.
    await queryClient.invalidateQueries({ queryKey: caseOverviewKey(kase.id) });
  };
  const unknown = t('cases.workers.unknown');
  return (
    <Stack component="section" aria-labelledby="case-legal-hold-title" data-testid="case-legal-hold">
      <Title order={2} size="h3" id="case-legal-hold-title">
        {t('cases.legalHold.title')}
      </Title>
      <Text size="sm" maw={720}>
        {t('cases.legalHold.about')}
      </Text>
      {holds.isPending ? (
        <Loader aria-label={t('cases.legalHold.loading')} role="status" />
      ) : holds.isError ? (
        <Alert color="red" role="alert">
          <Stack align="flex-start">
            {t('cases.legalHold.error')}
            <Button size="xs" variant="light" onClick={() => void holds.refetch()}>
              {t('tasks.retry')}
            </Button>
          </Stack>
        </Alert>
      ) : (
        <>
          <Group gap="sm">
            <Badge
              ref={state}
              tabIndex={-1}
              color={holds.data.held ? COLOUR.bad : COLOUR.neutral}
              autoContrast
              data-testid="legal-hold-state"
            >
              {holds.data.held ? t('cases.legalHold.held') : t('cases.legalHold.notHeld')}
            </Badge>
          </Group>
          {holds.data.holds.length === 0 ? (
            <Text>{t('cases.legalHold.none')}</Text>
          ) : (
            <Table data-testid="legal-holds">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('cases.legalHold.reason')}</Table.Th>
                  <Table.Th>{t('cases.legalHold.setBy')}</Table.Th>
                  <Table.Th>{t('cases.legalHold.lifted')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {holds.data.holds.map((hold) => (
                  <Table.Tr key={hold.id}>
                    <Table.Td>{hold.reason}</Table.Td>
                    <Table.Td>{t('cases.legalHold.byOn', { name: hold.setByName ?? unknown, when: formatDateTime(hold.setAt) })}</Table.Td>
                    <Table.Td>
                      {hold.liftedAt ? (
                        <>
                          {t('cases.legalHold.byOn', { name: hold.liftedByName ?? unknown, when: formatDateTime(hold.liftedAt) })}
                          {hold.liftReason && <Text size="sm">{hold.liftReason}</Text>}
                        </>
                      ) : (
                        t('cases.legalHold.live')
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          {holds.data.held ? (
            <ReasonAction
              key="lift"
              label={t('cases.legalHold.lift')}
              intro={t('cases.legalHold.lift.intro')}
              run={async (reason) => unwrap(await api.POST('/cases/{caseId}/legal-hold/lift', { ...path, body: { reason } }))}
              onDone={saved}
            />
          ) : (
            <ReasonAction
              key="set"
              label={t('cases.legalHold.set')}
              intro={t('cases.legalHold.set.intro')}
              run={async (reason) => unwrap(await api.POST('/cases/{caseId}/legal-hold', { ...path, body: { reason } }))}
              onDone={saved}
            />
          )}
        </>
      )}
    </Stack>
  );
}
