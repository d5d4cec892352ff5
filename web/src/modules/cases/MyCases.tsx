// The cases I am assigned to (GET /cases?view=mine), newest change first as the API orders them.
import { Table } from '@mantine/core';
import { api, unwrap } from '../../api/client.ts';
import { useFormatDateTime, useT } from '../../i18n/locale.tsx';
import { PagedSection, usePagedList } from '../../app/PagedSection.tsx';

export function MyCases() {
  const t = useT();
  const formatDateTime = useFormatDateTime();
  const cases = usePagedList(['cases', 'mine'], async (after) =>
    unwrap(await api.GET('/cases', { params: { query: { view: 'mine', limit: 25, after } } })),
  );
  return (
    <PagedSection
      id="my-cases"
      texts={{
        title: 'casework.cases.title',
        loading: 'casework.cases.loading',
        empty: 'casework.cases.empty',
        error: 'casework.cases.error',
      }}
      list={cases}
    >
      {(items) => (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('casework.cases.number')}</Table.Th>
              <Table.Th>{t('casework.cases.type')}</Table.Th>
              <Table.Th>{t('casework.cases.status')}</Table.Th>
              <Table.Th>{t('casework.cases.updatedAt')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((item) => (
              <Table.Tr key={item.id}>
                <Table.Td>{item.number}</Table.Td>
                <Table.Td>{item.caseTypeKey}</Table.Td>
                <Table.Td>{item.status}</Table.Td>
                <Table.Td>{formatDateTime(item.updatedAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </PagedSection>
  );
}
