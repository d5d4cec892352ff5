// The grants of a user or group: role, unit, from and until; revoking one (POST /grants/{id}/revoke)
// where the session holds grants.manage in its unit.
import { useQuery } from '@tanstack/react-query';
import { Table, Text } from '@mantine/core';
import { api, unwrap } from '../../../api/client.ts';
import { useFormatDateTime, useT } from '../../../i18n/locale.tsx';
import { sessionQuery } from '../session.ts';
import { holdsIn, PERMISSION, unitLabel, unitsQuery, type Grant } from './admin.ts';
import { ReasonAction } from './guarded.tsx';

export function GrantsTable({ grants, onRevoked }: { grants: Grant[]; onRevoked: () => unknown }) {
  const t = useT();
  const formatDateTime = useFormatDateTime();
  const permissions = useQuery(sessionQuery).data?.permissions;
  const units = useQuery(unitsQuery).data ?? [];
  if (grants.length === 0) return <Text>{t('admin.grants.none')}</Text>;
  return (
    <Table data-testid="grants">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('admin.grants.role')}</Table.Th>
          <Table.Th>{t('admin.grants.unit')}</Table.Th>
          <Table.Th>{t('admin.grants.from')}</Table.Th>
          <Table.Th>{t('admin.grants.until')}</Table.Th>
          <Table.Th>{t('admin.actions')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {grants.map((grant) => (
          <Table.Tr key={grant.id}>
            <Table.Td>
              {grant.roleName}
              {grant.groupId && (
                <Text size="sm" c="dimmed">
                  {t('admin.grants.throughGroup')}
                </Text>
              )}
            </Table.Td>
            <Table.Td>{unitLabel(units, grant.unitId)}</Table.Td>
            <Table.Td>{formatDateTime(grant.startsAt)}</Table.Td>
            <Table.Td>{grant.endsAt ? formatDateTime(grant.endsAt) : t('admin.grants.noEnd')}</Table.Td>
            <Table.Td>
              {holdsIn(permissions, PERMISSION.grantsManage, grant.unitId, units) && (
                <ReasonAction
                  label={t('admin.grants.revoke', { role: grant.roleName })}
                  danger
                  run={async (reason) =>
                    unwrap(await api.POST('/grants/{grantId}/revoke', { params: { path: { grantId: grant.id } }, body: { reason } }))
                  }
                  onDone={onRevoked}
                />
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
