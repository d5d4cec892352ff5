// /admin/users: the users in the units where the session may read them (GET /users, paged with the
// API's cursor), filtered by name, unit and status; with users.manage a joiner is added (POST /users) and,
// with users.support, invited at once: the password-reset mail (POST /auth/password-reset/for-user) is how
// a new user chooses a password; the second factor follows at the first sign-in.
import { useEffect, useState, type ReactElement } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { Anchor, Badge, Checkbox, Group, NativeSelect, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { api, unwrap } from '../../../api/client.ts';
import { useT } from '../../../i18n/locale.tsx';
import { PagedSection, usePagedList } from '../../../app/PagedSection.tsx';
import { VirtualTable } from '../../../app/VirtualTable.tsx';
import { sessionQuery } from '../session.ts';
import { COLOUR, holds, holdsIn, PERMISSION, unitLabel, unitsQuery, unitTree, type Unit, type User } from './admin.ts';
import { useGuardedSave } from './guarded.tsx';
import { SubmitButton } from '../../../app/SubmitButton.tsx';

// The return type is written out: the router's type is made of the routes' components, and a page that
// links (typed by that router) would otherwise ask for its own type while it is being worked out.
export function UsersPage(): ReactElement {
  const t = useT();
  const permissions = useQuery(sessionQuery).data?.permissions;
  const units = useQuery(unitsQuery).data ?? [];
  const [search, setSearch] = useState('');
  const [filter, setFilter] = useState({ q: '', unitId: '', status: 'active' });
  useEffect(() => {
    const timer = setTimeout(() => setFilter((current) => ({ ...current, q: search.trim() })), 300);
    return () => clearTimeout(timer);
  }, [search]);
  const list = usePagedList<User>(['admin', 'users', filter], async (after) =>
    unwrap(
      await api.GET('/users', {
        params: {
          query: {
            limit: 50,
            ...(after ? { after } : {}),
            ...(filter.q ? { q: filter.q } : {}),
            ...(filter.unitId ? { unitId: filter.unitId } : {}),
            ...(filter.status ? { status: filter.status as 'active' | 'deactivated' } : {}),
          },
        },
      }),
    ),
  );
  const joinerUnits = units.filter((unit) => holdsIn(permissions, PERMISSION.usersManage, unit.id, units));
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('admin.users.title')}
      </Title>
      {joinerUnits.length > 0 && <NewUser units={joinerUnits} mayInvite={holds(permissions, PERMISSION.usersSupport)} />}
      <Group role="search" align="flex-end" aria-label={t('admin.users.filter')}>
        <TextInput label={t('admin.users.search')} value={search} onChange={(event) => setSearch(event.currentTarget.value)} />
        <NativeSelect
          label={t('admin.users.unit')}
          value={filter.unitId}
          onChange={(event) => setFilter({ ...filter, unitId: event.currentTarget.value })}
          data={[
            { value: '', label: t('admin.users.allUnits') },
            ...unitTree(units).map(({ unit, depth }) => ({ value: unit.id, label: `${'— '.repeat(depth)}${unit.name}` })),
          ]}
        />
        <NativeSelect
          label={t('admin.users.status')}
          value={filter.status}
          onChange={(event) => setFilter({ ...filter, status: event.currentTarget.value })}
          data={[
            { value: 'active', label: t('admin.users.status.active') },
            { value: 'deactivated', label: t('admin.users.status.deactivated') },
            { value: '', label: t('admin.users.status.all') },
          ]}
        />
      </Group>
      <PagedSection
        id="admin-users"
        texts={{ title: 'admin.users.list', loading: 'admin.users.loading', empty: 'admin.users.empty', error: 'admin.users.error' }}
        list={list}
      >
        {(users) => (
          <VirtualTable
            items={users}
            columns={5}
            head={
              <>
                <Table.Th>{t('admin.users.name')}</Table.Th>
                <Table.Th>{t('admin.users.username')}</Table.Th>
                <Table.Th>{t('admin.users.unit')}</Table.Th>
                <Table.Th>{t('admin.users.kind')}</Table.Th>
                <Table.Th>{t('admin.users.status')}</Table.Th>
              </>
            }
            rowKey={(user) => user.id}
            row={(user) => (
              <>
                <Table.Td>
                  <Anchor renderRoot={(props) => <Link {...props} to="/admin/users/$userId" params={{ userId: user.id }} />}>
                    {user.displayName}
                  </Anchor>
                </Table.Td>
                <Table.Td>{user.username}</Table.Td>
                <Table.Td>{unitLabel(units, user.unitId)}</Table.Td>
                <Table.Td>{t(`admin.users.kind.${user.kind}`)}</Table.Td>
                <Table.Td>
                  <StatusBadge status={user.status} />
                </Table.Td>
              </>
            )}
          />
        )}
      </PagedSection>
    </Stack>
  );
}

export function StatusBadge({ status }: { status: 'active' | 'deactivated' }) {
  const t = useT();
  return (
    <Badge autoContrast color={status === 'active' ? COLOUR.good : COLOUR.neutral}>
      {t(`admin.users.status.${status}`)}
    </Badge>
  );
}

const EMPTY_USER = { kind: 'staff', username: '', displayName: '', email: '', unitId: '', reason: '' };

function NewUser({ units, mayInvite }: { units: Unit[]; mayInvite: boolean }) {
  const t = useT();
  const queryClient = useQueryClient();
  const [values, setValues] = useState({ ...EMPTY_USER, unitId: units[0]?.id ?? '' });
  const [invite, setInvite] = useState(mayInvite);
  const [created, setCreated] = useState<{ user: User; invited: boolean; inviteFailed: boolean } | null>(null);
  const {
    mutation: save,
    errors,
    formRef,
    feedback,
    blocked,
    submit,
  } = useGuardedSave({
    save: async () => {
      const user = unwrap(
        await api.POST('/users', {
          body: {
            kind: values.kind as 'staff' | 'volunteer',
            username: values.username.trim(),
            displayName: values.displayName.trim(),
            email: values.email.trim() || null,
            unitId: values.unitId,
            reason: values.reason,
          },
        }),
      );
      // The user exists now: a mail that cannot leave is said, not a reason to lose the new user.
      let invited = false;
      if (invite && user.email) invited = (await api.POST('/auth/password-reset/for-user', { body: { userId: user.id } })).response.ok;
      return { user, invited, inviteFailed: invite && !!user.email && !invited };
    },
    onSaved: async (result) => {
      setCreated(result);
      setValues({ ...EMPTY_USER, unitId: values.unitId, kind: values.kind });
      await queryClient.invalidateQueries({ queryKey: ['admin', 'users'] });
    },
    fieldText: (field) => (field === 'username' ? t('admin.users.username.rejected') : undefined),
  });
  const field = (name: keyof typeof EMPTY_USER) => ({
    value: values[name],
    onChange: (event: { currentTarget: { value: string } }) => setValues({ ...values, [name]: event.currentTarget.value }),
    error: errors[name],
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="new-user-title" maw={640}>
      {feedback}
      <form ref={formRef} onSubmit={submit(values, ['username', 'displayName', 'unitId', 'reason'])} noValidate>
        <Stack>
          <Title order={2} size="h3" id="new-user-title">
            {t('admin.users.new')}
          </Title>
          {created && (
            <Stack gap={4} role="status">
              <Text>
                {t('admin.users.created', { name: created.user.displayName })}{' '}
                <Anchor renderRoot={(props) => <Link {...props} to="/admin/users/$userId" params={{ userId: created.user.id }} />}>
                  {t('admin.users.open', { name: created.user.displayName })}
                </Anchor>
              </Text>
              {created.invited && <Text>{t('admin.users.invited')}</Text>}
              {created.inviteFailed && <Text c="red.9">{t('admin.users.inviteFailed')}</Text>}
            </Stack>
          )}
          <NativeSelect
            label={t('admin.users.kind')}
            data={[
              { value: 'staff', label: t('admin.users.kind.staff') },
              { value: 'volunteer', label: t('admin.users.kind.volunteer') },
            ]}
            {...field('kind')}
          />
          <TextInput label={t('admin.users.name')} required autoComplete="off" {...field('displayName')} />
          <TextInput
            label={t('admin.users.username')}
            description={t('setup.username.description')}
            required
            autoComplete="off"
            {...field('username')}
          />
          <TextInput label={t('admin.users.email')} type="email" autoComplete="off" {...field('email')} />
          <NativeSelect
            label={t('admin.users.unit')}
            data={unitTree(units).map(({ unit, depth }) => ({ value: unit.id, label: `${'— '.repeat(depth)}${unit.name}` }))}
            {...field('unitId')}
          />
          <TextInput label={t('admin.reason')} description={t('admin.reason.description')} required {...field('reason')} />
          {mayInvite && (
            <Checkbox
              label={t('admin.users.invite')}
              description={t('admin.users.invite.description')}
              checked={invite}
              onChange={(event) => setInvite(event.currentTarget.checked)}
            />
          )}
          <Group>
            <SubmitButton pending={save.isPending} disabled={blocked}>
              {t('admin.users.create')}
            </SubmitButton>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
