// The cases I am assigned to (GET /cases?view=mine), newest change first as the API orders them; each
// number opens the case screen. Type and status by name (the list carries only their keys).
import { Anchor, Table } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { api, unwrap } from '../../api/client.ts';
import { useFormatDateTime, useT } from '../../i18n/locale.tsx';
import { PagedSection, usePagedList } from '../../app/PagedSection.tsx';
import { VirtualTable } from '../../app/VirtualTable.tsx';
import { useCaseLabels } from './labels.ts';

export function MyCases() {
  const t = useT();
  const formatDateTime = useFormatDateTime();
  const labels = useCaseLabels();
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
        <VirtualTable
          items={items}
          columns={4}
          head={
            <>
              <Table.Th>{t('casework.cases.number')}</Table.Th>
              <Table.Th>{t('casework.cases.type')}</Table.Th>
              <Table.Th>{t('casework.cases.status')}</Table.Th>
              <Table.Th>{t('casework.cases.updatedAt')}</Table.Th>
            </>
          }
          rowKey={(item) => item.id}
          row={(item) => (
            <>
              <Table.Td>
                <Anchor renderRoot={(props) => <Link to="/cases/$caseId" params={{ caseId: item.id }} {...props} />}>{item.number}</Anchor>
              </Table.Td>
              <Table.Td>{labels.type(item.caseTypeKey)}</Table.Td>
              <Table.Td>{labels.status(item.status)}</Table.Td>
              <Table.Td>{formatDateTime(item.updatedAt)}</Table.Td>
            </>
          )}
        />
      )}
    </PagedSection>
  );
}
