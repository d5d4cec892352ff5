// The cases the person takes part in that the user may see (GET /cases?view=all&personId=…, audited with
// the person as data subject), newest change first, paged with the API's cursor. Each links to the case
// screen (the cases module's route, by its path).
import { Anchor, Table } from '@mantine/core';
import { api, unwrap } from '../../api/client.ts';
import { useFormatDateTime, useT } from '../../i18n/locale.tsx';
import { PagedSection, usePagedList } from '../../app/PagedSection.tsx';
import { VirtualTable } from '../../app/VirtualTable.tsx';
import { personCasesKey } from './person.ts';

export function PersonCases({ personId }: { personId: string }) {
  const t = useT();
  const formatDateTime = useFormatDateTime();
  const cases = usePagedList(personCasesKey(personId), async (after) =>
    unwrap(await api.GET('/cases', { params: { query: { view: 'all', personId, limit: 25, after } } })),
  );
  return (
    <PagedSection
      id="person-cases"
      texts={{ title: 'persons.cases.title', loading: 'persons.cases.loading', empty: 'persons.cases.empty', error: 'persons.cases.error' }}
      list={cases}
    >
      {(items) => (
        <VirtualTable
          items={items}
          columns={3}
          head={
            <>
              <Table.Th>{t('persons.cases.number')}</Table.Th>
              <Table.Th>{t('persons.cases.status')}</Table.Th>
              <Table.Th>{t('persons.cases.openedAt')}</Table.Th>
            </>
          }
          rowKey={(kase) => kase.id}
          row={(kase) => (
            <>
              <Table.Td>
                <Anchor href={`/cases/${kase.id}`}>{kase.number}</Anchor>
              </Table.Td>
              <Table.Td>{kase.status}</Table.Td>
              <Table.Td>{formatDateTime(kase.openedAt)}</Table.Td>
            </>
          )}
        />
      )}
    </PagedSection>
  );
}
