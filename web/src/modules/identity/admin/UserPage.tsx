// /admin/users/$userId: one user with their groups, current grants and second factors, and what the
// API's allowedActions let the session do: move (mover), deactivate (leaver: sessions, tokens and grants
// end), reactivate, send the password mail (invitation or reset), reset the second factors, lift a
// lockout, end the sessions; grants are given here and revoked where the session manages their unit.
import { useState, type ReactElement } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { Alert, Anchor, Button, Group, List, NativeSelect, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { api, unwrap } from '../../../api/client.ts';
import { useFormatDateTime, useT } from '../../../i18n/locale.tsx';
import { sessionQuery } from '../session.ts';
import { endOfDay, holdsIn, PERMISSION, unitLabel, unitsQuery, unitTree, userQuery, userQueryKey, type UserDetail } from './admin.ts';
import { QueryState, ReasonAction, useGuardedSave } from './guarded.tsx';
import { StatusBadge } from './UsersPage.tsx';
import { GrantForm } from './GrantForm.tsx';
import { GrantsTable } from './GrantsTable.tsx';
import { SubmitButton } from '../../../app/SubmitButton.tsx';

// The return type is written out: the router's type is made of the routes' components, and a page that
// links (typed by that router) would otherwise ask for its own type while it is being worked out.
export function UserPage(): ReactElement {
  const t = useT();
  const { userId = '' } = useParams({ strict: false });
  const user = useQuery(userQuery(userId));
  return (
    <QueryState query={user} loading={t('admin.user.loading')}>
      {() => <UserDetails user={user.data!} />}
    </QueryState>
  );
}

/** The actions this screen offers (listSessions and read are not among them). */
const SUPPORT_ACTIONS = ['move', 'sendPasswordReset', 'unlock', 'resetFactors', 'endSessions', 'deactivate', 'reactivate'];

function UserDetails({ user }: { user: UserDetail }) {
  const t = useT();
  const queryClient = useQueryClient();
  const units = useQuery(unitsQuery).data;
  const formatDateTime = useFormatDateTime();
  const [done, setDone] = useState<string | null>(null);
  const may = (action: string) => user.allowedActions.includes(action);
  const refresh = async (message: string) => {
    setDone(message);
    await queryClient.invalidateQueries({ queryKey: userQueryKey(user.id) });
    await queryClient.invalidateQueries({ queryKey: ['admin', 'users'] });
  };
  const path = { params: { path: { userId: user.id } } };
  const active = user.status === 'active';
  return (
    <Stack>
      <Anchor component={Link} to="/admin/users" size="sm">
        {t('admin.users.back')}
      </Anchor>
      <Title order={1} size="h2">
        {user.displayName}
      </Title>
      <Table variant="vertical" maw={640} data-testid="user-details">
        <Table.Tbody>
          <Table.Tr>
            <Table.Th>{t('admin.users.username')}</Table.Th>
            <Table.Td>{user.username}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>{t('admin.users.email')}</Table.Th>
            <Table.Td>{user.email ?? t('admin.none')}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>{t('admin.users.kind')}</Table.Th>
            <Table.Td>{t(`admin.users.kind.${user.kind}`)}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>{t('admin.users.unit')}</Table.Th>
            <Table.Td>{unitLabel(units, user.unitId)}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>{t('admin.users.status')}</Table.Th>
            <Table.Td>
              <StatusBadge status={user.status} />
              {user.deactivatedAt && <Text size="sm">{t('admin.user.deactivatedAt', { when: formatDateTime(user.deactivatedAt) })}</Text>}
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>{t('admin.user.factors')}</Table.Th>
            <Table.Td>
              {user.factors.totp || user.factors.webauthn > 0
                ? t('admin.user.factors.summary', {
                    totp: user.factors.totp ? t('admin.yes') : t('admin.no'),
                    passkeys: user.factors.webauthn,
                    codes: user.factors.recoveryCodes,
                  })
                : t('admin.user.factors.none')}
            </Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>

      <Stack component="section" aria-labelledby="user-actions-title">
        <Title order={2} size="h3" id="user-actions-title">
          {t('admin.actions')}
        </Title>
        {done && (
          <Alert color="green" role="status">
            {done}
          </Alert>
        )}
        <Group align="flex-start">
          {may('move') && active && <MoveUser user={user} onMoved={() => refresh(t('admin.user.moved'))} />}
          {may('sendPasswordReset') && active && user.email && (
            <ReasonAction
              label={t('admin.user.sendPasswordMail')}
              intro={t('admin.user.sendPasswordMail.intro', { email: user.email })}
              withReason={false}
              run={async () => unwrap(await api.POST('/auth/password-reset/for-user', { body: { userId: user.id } }))}
              onDone={() => refresh(t('admin.user.passwordMailSent'))}
            />
          )}
          {may('unlock') && (
            <ReasonAction
              label={t('admin.user.unlock')}
              run={async (reason) => unwrap(await api.POST('/users/{userId}/unlock', { ...path, body: { reason } }))}
              onDone={(result) =>
                refresh((result as { wasLocked: boolean }).wasLocked ? t('admin.user.unlocked') : t('admin.user.wasNotLocked'))
              }
            />
          )}
          {may('resetFactors') && active && (
            <ReasonAction
              label={t('admin.user.resetFactors')}
              intro={t('admin.user.resetFactors.intro')}
              danger
              run={async (reason) => unwrap(await api.POST('/users/{userId}/reset-factors', { ...path, body: { reason } }))}
              onDone={() => refresh(t('admin.user.factorsReset'))}
            />
          )}
          {may('endSessions') && active && (
            <ReasonAction
              label={t('admin.user.endSessions')}
              run={async (reason) => unwrap(await api.POST('/users/{userId}/sessions/end', { ...path, body: { reason } }))}
              onDone={(result) => refresh(t('admin.user.sessionsEnded', { count: (result as { ended: number }).ended }))}
            />
          )}
          {may('deactivate') && active && (
            <ReasonAction
              label={t('admin.user.deactivate')}
              intro={t('admin.user.deactivate.intro')}
              danger
              run={async (reason) => unwrap(await api.POST('/users/{userId}/deactivate', { ...path, body: { reason } }))}
              onDone={() => refresh(t('admin.user.deactivated'))}
            />
          )}
          {may('reactivate') && !active && (
            <ReasonAction
              label={t('admin.user.reactivate')}
              intro={t('admin.user.reactivate.intro')}
              run={async (reason) => unwrap(await api.POST('/users/{userId}/reactivate', { ...path, body: { reason } }))}
              onDone={() => refresh(t('admin.user.reactivated'))}
            />
          )}
        </Group>
        {!SUPPORT_ACTIONS.some(may) && <Text>{t('admin.user.noActions')}</Text>}
      </Stack>

      <Stack component="section" aria-labelledby="user-groups-title">
        <Title order={2} size="h3" id="user-groups-title">
          {t('admin.user.groups')}
        </Title>
        {user.groups.length === 0 ? (
          <Text>{t('admin.user.groups.none')}</Text>
        ) : (
          <List>
            {user.groups.map((group) => (
              <List.Item key={group.id}>
                <Anchor component={Link} to="/admin/groups">
                  {group.name}
                </Anchor>
              </List.Item>
            ))}
          </List>
        )}
      </Stack>

      <Stack component="section" aria-labelledby="user-grants-title">
        <Title order={2} size="h3" id="user-grants-title">
          {t('admin.user.grants')}
        </Title>
        <GrantsTable grants={user.grants} onRevoked={() => refresh(t('admin.grants.revoked'))} />
        {may('grant') && active && (
          <GrantForm level={3} grantee={{ userId: user.id, name: user.displayName }} onGranted={() => refresh(t('admin.grants.saved'))} />
        )}
      </Stack>
    </Stack>
  );
}

function MoveUser({ user, onMoved }: { user: UserDetail; onMoved: () => unknown }) {
  const t = useT();
  const units = useQuery(unitsQuery).data ?? [];
  const permissions = useQuery(sessionQuery).data?.permissions;
  const targets = units.filter(
    (unit) => unit.id !== user.unitId && unit.active && holdsIn(permissions, PERMISSION.usersManage, unit.id, units),
  );
  const [open, setOpen] = useState(false);
  const [values, setValues] = useState({ unitId: targets[0]?.id ?? '', endOldGrantsOn: '', reason: '' });
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
        await api.POST('/users/{userId}/move', {
          params: { path: { userId: user.id } },
          body: {
            unitId: values.unitId,
            reason: values.reason,
            ...(values.endOldGrantsOn ? { endOldGrantsAt: endOfDay(values.endOldGrantsOn) } : {}),
          },
        }),
      ),
    onSaved: () => {
      setOpen(false);
      return onMoved();
    },
  });
  const field = (name: keyof typeof values) => ({
    value: values[name],
    onChange: (event: { currentTarget: { value: string } }) => setValues({ ...values, [name]: event.currentTarget.value }),
    error: errors[name],
  });
  if (targets.length === 0) return null;
  if (!open)
    return (
      <Button size="xs" variant="light" onClick={() => setOpen(true)}>
        {t('admin.user.move')}
      </Button>
    );
  return (
    <Paper withBorder p="sm" w="100%" maw={480}>
      {feedback}
      <form ref={formRef} onSubmit={submit(values, ['unitId', 'reason'])} noValidate>
        <Stack gap="xs">
          <NativeSelect
            label={t('admin.user.move.to')}
            data={unitTree(targets).map(({ unit }) => ({ value: unit.id, label: unitLabel(units, unit.id) }))}
            {...field('unitId')}
          />
          <TextInput
            type="date"
            label={t('admin.user.move.endOldGrants')}
            description={t('admin.user.move.endOldGrants.description')}
            {...field('endOldGrantsOn')}
          />
          <TextInput label={t('admin.reason')} description={t('admin.reason.description')} required {...field('reason')} />
          <Group gap="xs">
            <SubmitButton size="xs" pending={save.isPending} disabled={blocked}>
              {t('admin.user.move')}
            </SubmitButton>
            <Button size="xs" variant="subtle" onClick={() => setOpen(false)}>
              {t('admin.cancel')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
