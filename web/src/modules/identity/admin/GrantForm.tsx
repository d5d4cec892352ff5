// Giving a role (POST /grants): to a user or a group, in a unit (and its subtree), from a day and until
// a day. Needs a fresh factor check (ConfirmItsMe). A privileged role does not take effect when asked:
// the API answers 202 with a grant request that a second administrator decides (four eyes), and the
// form says so plainly.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Group, NativeSelect, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { api, unwrap } from '../../../api/client.ts';
import { useFormatDateTime, useT } from '../../../i18n/locale.tsx';
import { sessionQuery } from '../session.ts';
import {
  endOfDay,
  startOfDay,
  groupsQuery,
  holdsIn,
  PERMISSION,
  rolesQuery,
  unitLabel,
  unitsQuery,
  unitTree,
  type GrantRequest,
} from './admin.ts';
import { useGuardedSave } from './guarded.tsx';
import { UserPicker } from './UserPicker.tsx';
import { SubmitButton } from '../../../app/SubmitButton.tsx';

type Grantee = { userId: string; name: string } | { groupId: string; name: string };

export function GrantForm({
  grantee,
  onGranted,
  level = 2,
}: {
  grantee?: Grantee;
  onGranted?: () => unknown;
  /** The heading's level where the form sits (2 on its own screen, deeper inside a group). */
  level?: 2 | 3 | 4 | 5;
}) {
  const t = useT();
  const formatDateTime = useFormatDateTime();
  const permissions = useQuery(sessionQuery).data?.permissions;
  const units = useQuery(unitsQuery).data ?? [];
  const roles = useQuery(rolesQuery).data ?? [];
  const groups = useQuery({ ...groupsQuery, enabled: !grantee }).data ?? [];
  const grantUnits = units.filter((unit) => holdsIn(permissions, PERMISSION.grantsManage, unit.id, units));
  const [kind, setKind] = useState<'user' | 'group'>('user');
  const [pickedUser, setPickedUser] = useState('');
  const [values, setValues] = useState({ roleId: '', groupId: '', unitId: '', startsOn: '', endsOn: '', reason: '' });
  const [outcome, setOutcome] = useState<{ granted: true } | { request: GrantRequest } | null>(null);
  const roleId = values.roleId || roles[0]?.id || '';
  const unitId = values.unitId || grantUnits[0]?.id || '';
  const groupId = values.groupId || groups[0]?.id || '';
  const toUser = grantee ? 'userId' in grantee : kind === 'user';
  const granteeId = grantee ? ('userId' in grantee ? grantee.userId : grantee.groupId) : toUser ? pickedUser : groupId;
  const target = toUser ? { userId: granteeId } : { groupId: granteeId };
  const {
    mutation: save,
    errors,
    formRef,
    feedback,
    blocked,
    submit,
  } = useGuardedSave({
    save: async () => {
      const result = await api.POST('/grants', {
        body: {
          ...target,
          roleId,
          unitId,
          reason: values.reason,
          ...(values.startsOn ? { startsAt: startOfDay(values.startsOn) } : {}),
          ...(values.endsOn ? { endsAt: endOfDay(values.endsOn) } : {}),
        },
      });
      const data = unwrap(result);
      return result.response.status === 202 ? { request: data as GrantRequest } : ({ granted: true } as const);
    },
    onSaved: async (result) => {
      setOutcome(result);
      setValues({ ...values, startsOn: '', endsOn: '', reason: '' });
      await onGranted?.();
    },
  });
  const field = (name: keyof typeof values) => ({
    value: values[name],
    onChange: (event: { currentTarget: { value: string } }) => {
      setOutcome(null);
      setValues({ ...values, [name]: event.currentTarget.value });
    },
    error: errors[name],
  });
  if (grantUnits.length === 0) return null;
  const chosenRole = roles.find((role) => role.id === roleId);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="grant-form-title" maw={640}>
      {feedback}
      <form
        ref={formRef}
        onSubmit={submit({ ...values, roleId, unitId, grantee: granteeId }, ['roleId', 'unitId', 'reason', 'grantee'])}
        noValidate
      >
        <Stack>
          <Title order={level} size="h3" id="grant-form-title">
            {grantee ? t('admin.grants.newFor', { name: grantee.name }) : t('admin.grants.new')}
          </Title>
          {outcome && 'granted' in outcome && (
            <Alert color="green" role="status">
              {t('admin.grants.saved')}
            </Alert>
          )}
          {outcome && 'request' in outcome && (
            <Alert color="yellow" role="status">
              <Text fw={700}>{t('admin.fourEyes.waiting')}</Text>
              {t('admin.fourEyes.waiting.detail', { expires: formatDateTime(outcome.request.expiresAt) })}
            </Alert>
          )}
          {!grantee && (
            <>
              <NativeSelect
                label={t('admin.grants.granteeKind')}
                value={kind}
                onChange={(event) => setKind(event.currentTarget.value as 'user' | 'group')}
                data={[
                  { value: 'user', label: t('admin.grants.toUser') },
                  { value: 'group', label: t('admin.grants.toGroup') },
                ]}
              />
              {kind === 'user' ? (
                <UserPicker
                  label={t('admin.grants.user')}
                  value={pickedUser}
                  onChange={setPickedUser}
                  error={errors.grantee ?? errors.userId}
                />
              ) : (
                <NativeSelect
                  label={t('admin.grants.group')}
                  data={groups.map((group) => ({ value: group.id, label: group.name }))}
                  {...field('groupId')}
                  value={groupId}
                  error={errors.grantee ?? errors.groupId}
                />
              )}
            </>
          )}
          <NativeSelect
            label={t('admin.grants.role')}
            description={chosenRole?.privileged ? t('admin.grants.role.privileged') : undefined}
            data={roles.map((role) => ({
              value: role.id,
              label: role.privileged ? t('admin.roles.nameFourEyes', { name: role.name }) : role.name,
            }))}
            {...field('roleId')}
            value={roleId}
          />
          <NativeSelect
            label={t('admin.grants.unit')}
            description={t('admin.grants.unit.description')}
            data={unitTree(grantUnits).map(({ unit }) => ({ value: unit.id, label: unitLabel(units, unit.id) }))}
            {...field('unitId')}
            value={unitId}
          />
          <Group grow align="flex-start">
            <TextInput
              type="date"
              label={t('admin.grants.startsOn')}
              description={t('admin.grants.startsOn.description')}
              {...field('startsOn')}
              error={errors.startsOn ?? errors.startsAt}
            />
            <TextInput
              type="date"
              label={t('admin.grants.endsOn')}
              description={t('admin.grants.endsOn.description')}
              {...field('endsOn')}
              error={errors.endsOn ?? errors.endsAt}
            />
          </Group>
          <TextInput label={t('admin.reason')} description={t('admin.reason.description')} required {...field('reason')} />
          <Group>
            <SubmitButton pending={save.isPending} disabled={blocked}>
              {t('admin.grants.submit')}
            </SubmitButton>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
