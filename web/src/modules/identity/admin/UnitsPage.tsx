// /admin/units: the organisation as a tree (national, regions, teams). With units.manage in a unit one
// adds a region or team under it; a unit is renamed, moved, closed or given a manager (the reviewer of
// its grants) by whoever holds units.manage in its parent (the API's unit policy).
import { useState, type ReactElement } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Badge, Button, Group, NativeSelect, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { api, unwrap } from '../../../api/client.ts';
import { useT } from '../../../i18n/locale.tsx';
import { sessionQuery } from '../session.ts';
import { holdsIn, PERMISSION, unitLabel, unitsQuery, unitTree, type Unit } from './admin.ts';
import { QueryState, useGuardedSave } from './guarded.tsx';
import { UserPicker } from './UserPicker.tsx';
import { SubmitButton } from '../../../app/SubmitButton.tsx';

// The return type is written out: the router's type is made of the routes' components, and a page that
// links (typed by that router) would otherwise ask for its own type while it is being worked out.
export function UnitsPage(): ReactElement {
  const t = useT();
  const units = useQuery(unitsQuery);
  const permissions = useQuery(sessionQuery).data?.permissions;
  const [editing, setEditing] = useState<string | null>(null);
  const all = units.data ?? [];
  const mayAddUnder = (unit: Unit) => holdsIn(permissions, PERMISSION.unitsManage, unit.id, all);
  const mayEdit = (unit: Unit) => unit.parentId !== null && holdsIn(permissions, PERMISSION.unitsManage, unit.parentId, all);
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('admin.units.title')}
      </Title>
      <QueryState query={units} loading={t('admin.units.loading')}>
        {() => (
          <>
            {all.some(mayAddUnder) && <NewUnit units={all.filter(mayAddUnder)} />}
            <Stack component="section" aria-labelledby="unit-tree-title">
              <Title order={2} size="h3" id="unit-tree-title">
                {t('admin.units.tree')}
              </Title>
              <Table data-testid="unit-tree">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('admin.units.name')}</Table.Th>
                    <Table.Th>{t('admin.units.code')}</Table.Th>
                    <Table.Th>{t('admin.units.kind')}</Table.Th>
                    <Table.Th>{t('admin.units.state')}</Table.Th>
                    <Table.Th>{t('admin.actions')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {unitTree(all).map(({ unit, depth }) => (
                    <Table.Tr key={unit.id}>
                      <Table.Td>
                        <Text pl={depth * 24} fw={depth === 0 ? 700 : undefined}>
                          {unit.name}
                        </Text>
                      </Table.Td>
                      <Table.Td>{unit.code}</Table.Td>
                      <Table.Td>{t(`admin.units.kind.${unit.kind}`)}</Table.Td>
                      <Table.Td>
                        {unit.active ? (
                          t('admin.units.active')
                        ) : (
                          <Badge autoContrast color="gray">
                            {t('admin.units.closed')}
                          </Badge>
                        )}
                      </Table.Td>
                      <Table.Td>
                        {mayEdit(unit) &&
                          (editing === unit.id ? (
                            <EditUnit
                              unit={unit}
                              parents={all.filter((other) => other.id !== unit.id && mayAddUnder(other))}
                              onClose={() => setEditing(null)}
                            />
                          ) : (
                            <Button size="xs" variant="light" onClick={() => setEditing(unit.id)}>
                              {t('admin.units.edit', { name: unit.name })}
                            </Button>
                          ))}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Stack>
          </>
        )}
      </QueryState>
    </Stack>
  );
}

const EMPTY_UNIT = { parentId: '', kind: 'team', code: '', name: '', reason: '' };

function NewUnit({ units }: { units: Unit[] }) {
  const t = useT();
  const queryClient = useQueryClient();
  const [values, setValues] = useState({ ...EMPTY_UNIT, parentId: units[0]?.id ?? '' });
  const [created, setCreated] = useState<string | null>(null);
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
        await api.POST('/units', {
          body: { ...values, kind: values.kind as 'region' | 'team', code: values.code.trim(), name: values.name.trim() },
        }),
      ),
    onSaved: async (unit) => {
      setCreated(unit.name);
      setValues({ ...EMPTY_UNIT, parentId: values.parentId });
      await queryClient.invalidateQueries({ queryKey: unitsQuery.queryKey });
    },
    fieldText: (field) => (field === 'code' ? t('admin.units.code.rejected') : undefined),
  });
  const field = (name: keyof typeof EMPTY_UNIT) => ({
    value: values[name],
    onChange: (event: { currentTarget: { value: string } }) => setValues({ ...values, [name]: event.currentTarget.value }),
    error: errors[name],
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="new-unit-title" maw={640}>
      {feedback}
      <form ref={formRef} onSubmit={submit(values, ['parentId', 'code', 'name', 'reason'])} noValidate>
        <Stack>
          <Title order={2} size="h3" id="new-unit-title">
            {t('admin.units.new')}
          </Title>
          {created && (
            <Alert color="green" role="status">
              {t('admin.units.created', { name: created })}
            </Alert>
          )}
          <NativeSelect
            label={t('admin.units.parent')}
            data={unitTree(units).map(({ unit, depth }) => ({ value: unit.id, label: `${'— '.repeat(depth)}${unit.name}` }))}
            {...field('parentId')}
          />
          <NativeSelect
            label={t('admin.units.kind')}
            data={[
              { value: 'team', label: t('admin.units.kind.team') },
              { value: 'region', label: t('admin.units.kind.region') },
            ]}
            {...field('kind')}
          />
          <TextInput label={t('admin.units.name')} required {...field('name')} />
          <TextInput label={t('admin.units.code')} description={t('admin.units.code.description')} required {...field('code')} />
          <TextInput label={t('admin.reason')} description={t('admin.reason.description')} required {...field('reason')} />
          <Group>
            <SubmitButton pending={save.isPending} disabled={blocked}>
              {t('admin.units.create')}
            </SubmitButton>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function EditUnit({ unit, parents, onClose }: { unit: Unit; parents: Unit[]; onClose: () => void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const units = useQuery(unitsQuery).data;
  const [values, setValues] = useState({ name: unit.name, parentId: unit.parentId ?? '', active: unit.active ? 'yes' : 'no', reason: '' });
  const [managerId, setManagerId] = useState(unit.managerId ?? '');
  const [changeManager, setChangeManager] = useState(false);
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
        await api.PATCH('/units/{unitId}', {
          params: { path: { unitId: unit.id } },
          body: {
            version: unit.version,
            reason: values.reason,
            ...(values.name.trim() !== unit.name ? { name: values.name.trim() } : {}),
            ...(values.parentId !== unit.parentId ? { parentId: values.parentId } : {}),
            ...((values.active === 'yes') !== unit.active ? { active: values.active === 'yes' } : {}),
            ...(changeManager && managerId !== (unit.managerId ?? '') ? { managerId: managerId || null } : {}),
          },
        }),
      ),
    onSaved: async () => {
      await queryClient.invalidateQueries({ queryKey: unitsQuery.queryKey });
      onClose();
    },
  });
  const field = (name: keyof typeof values) => ({
    value: values[name],
    onChange: (event: { currentTarget: { value: string } }) => setValues({ ...values, [name]: event.currentTarget.value }),
    error: errors[name],
  });
  return (
    <Paper withBorder p="sm" miw={320}>
      {feedback}
      <form ref={formRef} onSubmit={submit(values, ['name', 'reason'])} noValidate>
        <Stack gap="xs">
          <TextInput label={t('admin.units.name')} required {...field('name')} />
          <NativeSelect
            label={t('admin.units.parent')}
            data={parents.map((parent) => ({ value: parent.id, label: unitLabel(units, parent.id) }))}
            {...field('parentId')}
          />
          <NativeSelect
            label={t('admin.units.state')}
            data={[
              { value: 'yes', label: t('admin.units.active') },
              { value: 'no', label: t('admin.units.closed') },
            ]}
            {...field('active')}
          />
          {changeManager ? (
            <UserPicker label={t('admin.units.manager')} value={managerId} onChange={setManagerId} error={errors.managerId} />
          ) : (
            <Button size="xs" variant="subtle" w="fit-content" onClick={() => setChangeManager(true)}>
              {t('admin.units.changeManager')}
            </Button>
          )}
          <TextInput label={t('admin.reason')} description={t('admin.reason.description')} required {...field('reason')} />
          <Group gap="xs">
            <SubmitButton size="xs" pending={save.isPending} disabled={blocked}>
              {t('admin.save')}
            </SubmitButton>
            <Button size="xs" variant="subtle" onClick={onClose}>
              {t('admin.cancel')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
