// /admin/groups: user groups (GET /groups, with users.read), their members and the roles granted to
// them. With users.manage a group is created; adding a member gives her the group's grants, so it needs
// grants.manage where they hold and a fresh factor check, and waits for a second administrator when
// the group holds a privileged role (202: four eyes). Removing a member is like revoking those grants.
import { useState, type ReactElement } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { Alert, Anchor, Button, Group, List, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { api, unwrap } from '../../../api/client.ts';
import { useFormatDateTime, useT } from '../../../i18n/locale.tsx';
import { sessionQuery } from '../session.ts';
import { groupsQuery, holds, PERMISSION, type Group as UserGroup, type GrantRequest } from './admin.ts';
import { QueryState, ReasonAction, useGuardedSave } from './guarded.tsx';
import { GrantForm } from './GrantForm.tsx';
import { GrantsTable } from './GrantsTable.tsx';
import { UserPicker } from './UserPicker.tsx';
import { PersonName } from './GrantsPage.tsx';
import { SubmitButton } from '../../../app/SubmitButton.tsx';

// The return type is written out: the router's type is made of the routes' components, and a page that
// links (typed by that router) would otherwise ask for its own type while it is being worked out.
export function GroupsPage(): ReactElement {
  const t = useT();
  const permissions = useQuery(sessionQuery).data?.permissions;
  const groups = useQuery(groupsQuery);
  const [openId, setOpenId] = useState<string | null>(null);
  return (
    <Stack gap="xl">
      <Title order={1} size="h2">
        {t('admin.groups.title')}
      </Title>
      {holds(permissions, PERMISSION.usersManage) && <NewGroup />}
      <Stack component="section" aria-labelledby="groups-title">
        <Title order={2} size="h3" id="groups-title">
          {t('admin.groups.list')}
        </Title>
        <QueryState query={groups} loading={t('admin.groups.loading')}>
          {() =>
            groups.data!.length === 0 ? (
              <Text>{t('admin.groups.empty')}</Text>
            ) : (
              groups.data!.map((group) => (
                <Paper key={group.id} withBorder p="md" component="article" aria-labelledby={`group-${group.id}`}>
                  <Stack gap="xs">
                    <Title order={3} size="h4" id={`group-${group.id}`}>
                      {group.name}
                    </Title>
                    {group.description && <Text size="sm">{group.description}</Text>}
                    <Text size="sm">{t('admin.groups.memberCount', { count: group.memberIds.length })}</Text>
                    {openId === group.id ? (
                      <GroupDetails group={group} />
                    ) : (
                      <Button size="xs" variant="light" w="fit-content" onClick={() => setOpenId(group.id)}>
                        {t('admin.groups.open', { name: group.name })}
                      </Button>
                    )}
                  </Stack>
                </Paper>
              ))
            )
          }
        </QueryState>
      </Stack>
    </Stack>
  );
}

function GroupDetails({ group }: { group: UserGroup }) {
  const t = useT();
  const queryClient = useQueryClient();
  const permissions = useQuery(sessionQuery).data?.permissions;
  const grants = useQuery({
    queryKey: ['admin', 'group-grants', group.id],
    queryFn: async () => unwrap(await api.GET('/grants', { params: { query: { groupId: group.id } } })).items,
    refetchOnWindowFocus: false,
  });
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: groupsQuery.queryKey });
    await queryClient.invalidateQueries({ queryKey: ['admin', 'group-grants', group.id] });
  };
  const mayGrant = holds(permissions, PERMISSION.grantsManage);
  return (
    <Stack>
      <Stack gap="xs" component="section" aria-labelledby={`members-${group.id}`}>
        <Title order={4} size="h5" id={`members-${group.id}`}>
          {t('admin.groups.members')}
        </Title>
        {group.memberIds.length === 0 ? (
          <Text size="sm">{t('admin.groups.noMembers')}</Text>
        ) : (
          <List>
            {group.memberIds.map((userId) => (
              <List.Item key={userId}>
                <Group gap="sm">
                  <Anchor renderRoot={(props) => <Link {...props} to="/admin/users/$userId" params={{ userId }} />}>
                    <PersonName userId={userId} />
                  </Anchor>
                  {mayGrant && (
                    <ReasonAction
                      label={t('admin.groups.removeMember')}
                      danger
                      run={async (reason) =>
                        unwrap(
                          await api.POST('/groups/{groupId}/members/{userId}/remove', {
                            params: { path: { groupId: group.id, userId } },
                            body: { reason },
                          }),
                        )
                      }
                      onDone={refresh}
                    />
                  )}
                </Group>
              </List.Item>
            ))}
          </List>
        )}
        {mayGrant && <AddMember group={group} onAdded={refresh} />}
      </Stack>
      <Stack gap="xs" component="section" aria-labelledby={`group-grants-${group.id}`}>
        <Title order={4} size="h5" id={`group-grants-${group.id}`}>
          {t('admin.groups.grants')}
        </Title>
        <QueryState query={grants} loading={t('admin.grants.loading')}>
          {() => <GrantsTable grants={grants.data!} onRevoked={refresh} />}
        </QueryState>
        {mayGrant && <GrantForm grantee={{ groupId: group.id, name: group.name }} onGranted={refresh} level={5} />}
      </Stack>
    </Stack>
  );
}

function AddMember({ group, onAdded }: { group: UserGroup; onAdded: () => unknown }) {
  const t = useT();
  const formatDateTime = useFormatDateTime();
  const [userId, setUserId] = useState('');
  const [reason, setReason] = useState('');
  const [waiting, setWaiting] = useState<GrantRequest | null>(null);
  const {
    mutation: save,
    errors,
    formRef,
    feedback,
    blocked,
    submit,
  } = useGuardedSave({
    save: async () => {
      const result = await api.POST('/groups/{groupId}/members', { params: { path: { groupId: group.id } }, body: { userId, reason } });
      unwrap(result);
      return result.response.status === 202 ? (result.data as GrantRequest) : null;
    },
    onSaved: async (request) => {
      setWaiting(request);
      setReason('');
      await onAdded();
    },
  });
  return (
    <Paper withBorder p="sm" maw={480}>
      {feedback}
      <form ref={formRef} onSubmit={submit({ userId, reason }, ['userId', 'reason'])} noValidate>
        <Stack gap="xs">
          <Text fw={600}>{t('admin.groups.addMember')}</Text>
          {waiting && (
            <Alert color="yellow" role="status">
              <Text fw={700}>{t('admin.fourEyes.waiting')}</Text>
              {t('admin.fourEyes.waiting.detail', { expires: formatDateTime(waiting.expiresAt) })}
            </Alert>
          )}
          <UserPicker label={t('admin.groups.member')} value={userId} onChange={setUserId} error={errors.userId} />
          <TextInput
            label={t('admin.reason')}
            description={t('admin.reason.description')}
            required
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            error={errors.reason}
          />
          <SubmitButton size="xs" w="fit-content" pending={save.isPending} disabled={blocked}>
            {t('admin.groups.addMember')}
          </SubmitButton>
        </Stack>
      </form>
    </Paper>
  );
}

const EMPTY_GROUP = { name: '', description: '', reason: '' };

function NewGroup() {
  const t = useT();
  const queryClient = useQueryClient();
  const [values, setValues] = useState(EMPTY_GROUP);
  const [created, setCreated] = useState<string | null>(null);
  const {
    mutation: save,
    errors,
    formRef,
    feedback,
    blocked,
    submit,
  } = useGuardedSave({
    save: async () => unwrap(await api.POST('/groups', { body: { ...values, name: values.name.trim() } })),
    onSaved: async (group) => {
      setCreated(group.name);
      setValues(EMPTY_GROUP);
      await queryClient.invalidateQueries({ queryKey: groupsQuery.queryKey });
    },
  });
  const field = (name: keyof typeof EMPTY_GROUP) => ({
    value: values[name],
    onChange: (event: { currentTarget: { value: string } }) => setValues({ ...values, [name]: event.currentTarget.value }),
    error: errors[name],
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="new-group-title" maw={640}>
      {feedback}
      <form ref={formRef} onSubmit={submit(values, ['name', 'reason'])} noValidate>
        <Stack>
          <Title order={2} size="h3" id="new-group-title">
            {t('admin.groups.new')}
          </Title>
          {created && (
            <Alert color="green" role="status">
              {t('admin.groups.created', { name: created })}
            </Alert>
          )}
          <TextInput label={t('admin.groups.name')} required {...field('name')} />
          <TextInput label={t('admin.groups.description')} {...field('description')} />
          <TextInput label={t('admin.reason')} description={t('admin.reason.description')} required {...field('reason')} />
          <Group>
            <SubmitButton pending={save.isPending} disabled={blocked}>
              {t('admin.groups.create')}
            </SubmitButton>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
