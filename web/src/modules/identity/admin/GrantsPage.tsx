// /admin/grants: giving a role to a user or group (GrantForm), and four eyes: the grant requests this
// administrator may decide (a privileged grant, a membership of a group holding one, a privileged
// permission added to a role; approving needs a fresh factor check) and her own requests with what became
// of them. A request is never decided by its requester or by someone it would give something to.
import type { ReactElement } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Group, Stack, Table, Text, Title } from '@mantine/core';
import { api, unwrap } from '../../../api/client.ts';
import { useFormatDateTime, useT } from '../../../i18n/locale.tsx';
import { QueryState, ReasonAction } from './guarded.tsx';
import { GrantForm } from './GrantForm.tsx';
import { groupsQuery, REQUEST_COLOURS, unitLabel, unitsQuery, userQuery, type GrantRequest } from './admin.ts';

const requestsKey = (view: 'decide' | 'mine') => ['admin', 'grant-requests', view];

// The return type is written out: the router's type is made of the routes' components, and a page that
// links (typed by that router) would otherwise ask for its own type while it is being worked out.
export function GrantsPage(): ReactElement {
  const t = useT();
  const queryClient = useQueryClient();
  return (
    <Stack gap="xl">
      <Title order={1} size="h2">
        {t('admin.grants.title')}
      </Title>
      <Text maw={720}>{t('admin.grants.intro')}</Text>
      <GrantForm onGranted={() => queryClient.invalidateQueries({ queryKey: ['admin', 'grant-requests'] })} />
      <GrantRequests view="decide" />
      <GrantRequests view="mine" />
    </Stack>
  );
}

function GrantRequests({ view }: { view: 'decide' | 'mine' }) {
  const t = useT();
  const queryClient = useQueryClient();
  const formatDateTime = useFormatDateTime();
  const requests = useQuery({
    queryKey: requestsKey(view),
    queryFn: async () => unwrap(await api.GET('/grant-requests', { params: { query: { view } } })).items,
    refetchOnWindowFocus: false,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['admin'] });
  const id = `grant-requests-${view}`;
  return (
    <Stack component="section" aria-labelledby={`${id}-title`} data-testid={id}>
      <Title order={2} size="h3" id={`${id}-title`}>
        {view === 'decide' ? t('admin.fourEyes.toDecide') : t('admin.fourEyes.mine')}
      </Title>
      <Text size="sm" maw={720}>
        {view === 'decide' ? t('admin.fourEyes.toDecide.intro') : t('admin.fourEyes.mine.intro')}
      </Text>
      <QueryState query={requests} loading={t('admin.fourEyes.loading')}>
        {() =>
          requests.data!.length === 0 ? (
            <Text>{view === 'decide' ? t('admin.fourEyes.toDecide.empty') : t('admin.fourEyes.mine.empty')}</Text>
          ) : (
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('admin.fourEyes.what')}</Table.Th>
                  <Table.Th>{t('admin.fourEyes.requested')}</Table.Th>
                  <Table.Th>{t('admin.fourEyes.state')}</Table.Th>
                  <Table.Th>{view === 'decide' ? t('admin.actions') : t('admin.fourEyes.decision')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {requests.data!.map((request) => (
                  <Table.Tr key={request.id} data-testid="grant-request">
                    <Table.Td>
                      <RequestSummary request={request} />
                      <Text size="sm" c="dimmed">
                        {t('admin.fourEyes.reason', { reason: request.reason })}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {formatDateTime(request.requestedAt)}
                      {view === 'decide' && (
                        <Text size="sm">
                          <PersonName userId={request.requestedBy} />
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <RequestState request={request} />
                    </Table.Td>
                    <Table.Td>
                      {view === 'decide' && request.status === 'pending' ? (
                        <Group gap="xs" align="flex-start">
                          <ReasonAction
                            label={t('admin.fourEyes.approve')}
                            intro={t('admin.fourEyes.approve.intro')}
                            run={async (reason) =>
                              unwrap(
                                await api.POST('/grant-requests/{requestId}/approve', {
                                  params: { path: { requestId: request.id } },
                                  body: { reason },
                                }),
                              )
                            }
                            onDone={refresh}
                          />
                          <ReasonAction
                            label={t('admin.fourEyes.refuse')}
                            danger
                            run={async (reason) =>
                              unwrap(
                                await api.POST('/grant-requests/{requestId}/refuse', {
                                  params: { path: { requestId: request.id } },
                                  body: { reason },
                                }),
                              )
                            }
                            onDone={refresh}
                          />
                        </Group>
                      ) : (
                        request.decisionReason && <Text size="sm">{request.decisionReason}</Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )
        }
      </QueryState>
    </Stack>
  );
}

/** What the request would change, in words. */
function RequestSummary({ request }: { request: GrantRequest }) {
  const t = useT();
  const formatDateTime = useFormatDateTime();
  const units = useQuery(unitsQuery).data;
  const groups = useQuery(groupsQuery).data;
  const groupName = groups?.find((group) => group.id === request.groupId)?.name ?? request.groupId ?? '';
  const who = request.userId ? <PersonName userId={request.userId} /> : groupName;
  if (request.kind === 'role-permissions')
    return (
      <Text size="sm">
        {t('admin.fourEyes.kind.rolePermissions', { role: request.roleName ?? '' })} {(request.permissions ?? []).join(', ')}
      </Text>
    );
  if (request.kind === 'membership')
    return (
      <Text size="sm">
        {t('admin.fourEyes.kind.membership', { group: groupName })} {who}
      </Text>
    );
  return (
    <Text size="sm">
      {t('admin.fourEyes.kind.grant', { role: request.roleName ?? '', unit: unitLabel(units, request.unitId) })} {who}
      {request.endsAt && ` (${t('admin.fourEyes.until', { until: formatDateTime(request.endsAt) })})`}
    </Text>
  );
}

function RequestState({ request }: { request: GrantRequest }) {
  const t = useT();
  const formatDateTime = useFormatDateTime();
  return (
    <Stack gap={2}>
      <Badge autoContrast color={REQUEST_COLOURS[request.status]}>
        {t(`admin.fourEyes.status.${request.status}`)}
      </Badge>
      {request.status === 'pending' && <Text size="sm">{t('admin.fourEyes.expires', { when: formatDateTime(request.expiresAt) })}</Text>}
      {request.decidedAt && <Text size="sm">{formatDateTime(request.decidedAt)}</Text>}
    </Stack>
  );
}

/** A user's name (GET /users/{id}); the id while it loads or when the session may not read her. */
export function PersonName({ userId }: { userId: string }) {
  const user = useQuery({ ...userQuery(userId), retry: false });
  return <>{user.data ? `${user.data.displayName} (${user.data.username})` : userId}</>;
}
