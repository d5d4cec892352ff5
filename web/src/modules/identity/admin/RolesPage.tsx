// /admin/roles: the roles and the permissions they bundle (GET /roles, /permissions). A role holds
// wherever it is granted, so roles are created and edited only with roles.manage at the root unit (the
// API's rule); nobody adds permissions to a role she holds, and adding a privileged permission waits for
// a second administrator (202: four eyes). Both need a fresh factor check.
import { useState, type ReactElement } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Badge, Button, Checkbox, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { api, unwrap } from '../../../api/client.ts';
import { useFormatDateTime, useT } from '../../../i18n/locale.tsx';
import { sessionQuery } from '../session.ts';
import { permissionsQuery, PERMISSION, rolesQuery, unitsQuery, type GrantRequest, type Permission, type Role } from './admin.ts';
import { QueryState, useGuardedSave } from './guarded.tsx';
import { SubmitButton } from '../../../app/SubmitButton.tsx';

// The return type is written out: the router's type is made of the routes' components, and a page that
// links (typed by that router) would otherwise ask for its own type while it is being worked out.
export function RolesPage(): ReactElement {
  const t = useT();
  const roles = useQuery(rolesQuery);
  const permissions = useQuery(permissionsQuery);
  const session = useQuery(sessionQuery).data;
  const root = useQuery(unitsQuery).data?.find((unit) => unit.parentId === null);
  const mayEdit = !!root && (session?.permissions[PERMISSION.rolesManage] ?? []).includes(root.id);
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <Stack gap="xl">
      <Title order={1} size="h2">
        {t('admin.roles.title')}
      </Title>
      <Text maw={720}>{mayEdit ? t('admin.roles.intro') : t('admin.roles.readOnly')}</Text>
      <QueryState query={roles} loading={t('admin.roles.loading')}>
        {() => (
          <QueryState query={permissions} loading={t('admin.roles.loading')}>
            {() => (
              <>
                {mayEdit && <RoleEditor all={permissions.data!} onClose={() => undefined} />}
                <Stack component="section" aria-labelledby="roles-title">
                  <Title order={2} size="h3" id="roles-title">
                    {t('admin.roles.list')}
                  </Title>
                  {roles.data!.map((role) => (
                    <Paper key={role.id} withBorder p="md" component="article" aria-labelledby={`role-${role.id}`}>
                      <Stack gap="xs">
                        <Group gap="sm">
                          <Title order={3} size="h4" id={`role-${role.id}`}>
                            {role.name}
                          </Title>
                          {role.privileged && (
                            <Badge autoContrast color="yellow">
                              {t('admin.roles.privileged')}
                            </Badge>
                          )}
                        </Group>
                        {role.description && <Text size="sm">{role.description}</Text>}
                        {editing === role.id ? (
                          <RoleEditor role={role} all={permissions.data!} onClose={() => setEditing(null)} />
                        ) : (
                          <>
                            <Text size="sm">
                              {role.permissions.length === 0 ? t('admin.roles.noPermissions') : role.permissions.join(', ')}
                            </Text>
                            {mayEdit && (
                              <Button size="xs" variant="light" w="fit-content" onClick={() => setEditing(role.id)}>
                                {t('admin.roles.edit', { name: role.name })}
                              </Button>
                            )}
                          </>
                        )}
                      </Stack>
                    </Paper>
                  ))}
                </Stack>
              </>
            )}
          </QueryState>
        )}
      </QueryState>
    </Stack>
  );
}

/** A new role (without `role`) or a role's permissions. */
function RoleEditor({ role, all, onClose }: { role?: Role; all: Permission[]; onClose: () => void }) {
  const t = useT();
  const formatDateTime = useFormatDateTime();
  const queryClient = useQueryClient();
  const [values, setValues] = useState({ name: '', description: '', reason: '' });
  const [chosen, setChosen] = useState<string[]>(role?.permissions ?? []);
  const [outcome, setOutcome] = useState<'saved' | GrantRequest | null>(null);
  const {
    mutation: save,
    errors,
    formRef,
    feedback,
    blocked,
    submit,
  } = useGuardedSave({
    save: async () => {
      if (!role) {
        unwrap(
          await api.POST('/roles', {
            body: { name: values.name.trim(), description: values.description, permissions: chosen, reason: values.reason },
          }),
        );
        return null;
      }
      const result = await api.PUT('/roles/{roleId}/permissions', {
        params: { path: { roleId: role.id } },
        body: { permissions: chosen, version: role.version, reason: values.reason },
      });
      unwrap(result);
      return result.response.status === 202 ? (result.data as GrantRequest) : null;
    },
    onSaved: async (request) => {
      setOutcome(request ?? 'saved');
      setValues({ name: '', description: '', reason: '' });
      if (!role) setChosen([]);
      await queryClient.invalidateQueries({ queryKey: rolesQuery.queryKey });
      if (role && !request) onClose();
    },
  });
  const field = (name: keyof typeof values) => ({
    value: values[name],
    onChange: (event: { currentTarget: { value: string } }) => setValues({ ...values, [name]: event.currentTarget.value }),
    error: errors[name],
  });
  const byModule = Map.groupBy(all, (permission) => permission.module);
  const titleId = role ? `edit-role-${role.id}` : 'new-role-title';
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={titleId}>
      {feedback}
      <form ref={formRef} onSubmit={submit(role ? values : { ...values }, role ? ['reason'] : ['name', 'reason'])} noValidate>
        <Stack>
          <Title order={role ? 4 : 2} size={role ? 'h5' : 'h3'} id={titleId}>
            {role ? t('admin.roles.editTitle', { name: role.name }) : t('admin.roles.new')}
          </Title>
          {outcome === 'saved' && (
            <Alert color="green" role="status">
              {t('admin.roles.saved')}
            </Alert>
          )}
          {outcome && outcome !== 'saved' && (
            <Alert color="yellow" role="status">
              <Text fw={700}>{t('admin.fourEyes.waiting')}</Text>
              {t('admin.fourEyes.waiting.detail', { expires: formatDateTime(outcome.expiresAt) })}
            </Alert>
          )}
          {!role && (
            <>
              <TextInput label={t('admin.roles.name')} required {...field('name')} />
              <TextInput label={t('admin.roles.description')} {...field('description')} />
            </>
          )}
          {[...byModule.entries()].map(([module, permissions]) => (
            <Checkbox.Group
              key={module}
              label={module}
              value={chosen.filter((name) => permissions.some((p) => p.name === name))}
              onChange={(names) => setChosen([...chosen.filter((name) => !permissions.some((p) => p.name === name)), ...names])}
              error={errors.permissions}
            >
              <Stack gap="xs" mt="xs">
                {permissions.map((permission) => (
                  <Checkbox
                    key={permission.name}
                    value={permission.name}
                    label={permission.privileged ? t('admin.roles.nameFourEyes', { name: permission.name }) : permission.name}
                    description={permission.description}
                  />
                ))}
              </Stack>
            </Checkbox.Group>
          ))}
          <TextInput label={t('admin.reason')} description={t('admin.reason.description')} required {...field('reason')} />
          <Group>
            <SubmitButton pending={save.isPending} disabled={blocked}>
              {role ? t('admin.save') : t('admin.roles.create')}
            </SubmitButton>
            {role && (
              <Button variant="subtle" onClick={onClose}>
                {t('admin.cancel')}
              </Button>
            )}
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
