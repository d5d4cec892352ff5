// "Who looked at this client" (GET /audit/persons/{personId}/accesses): every read and change of the
// person's data, newest first, paged with the API's cursor: when, who, what, on which object, and whether
// she only appeared in a list or search. The API answers holders of audit.subject-views and those who work
// on a case of hers (not as volunteer), and records every view, and every refusal, in the trail: a screen
// shows this section only where the person's allowedActions offer `viewAccesses` (the same rule, asked by
// the server), never to find out by trying.
import { Badge, Table } from '@mantine/core';
import { useIntl } from 'react-intl';
import { api, unwrap } from '../../api/client.ts';
import { useT } from '../../i18n/locale.tsx';
import { PagedSection, usePagedList } from '../../app/PagedSection.tsx';
import { VirtualTable } from '../../app/VirtualTable.tsx';
import { ActionName, ActorName, ObjectName, ResultBadge } from './EventParts.tsx';

export function PersonAccesses({ personId }: { personId: string }) {
  const t = useT();
  const intl = useIntl();
  const accesses = usePagedList(['audit', 'person-accesses', personId], async (after) =>
    unwrap(await api.GET('/audit/persons/{personId}/accesses', { params: { path: { personId }, query: { limit: 25, after } } })),
  );
  return (
    <PagedSection
      id="person-accesses"
      texts={{
        title: 'audit.accesses.title',
        loading: 'audit.accesses.loading',
        empty: 'audit.accesses.empty',
        error: 'audit.accesses.error',
      }}
      list={accesses}
    >
      {(items) => (
        <VirtualTable
          items={items}
          columns={5}
          caption={t('audit.accesses.about')}
          head={
            <>
              <Table.Th>{t('audit.accesses.col.when')}</Table.Th>
              <Table.Th>{t('audit.accesses.col.who')}</Table.Th>
              <Table.Th>{t('audit.accesses.col.what')}</Table.Th>
              <Table.Th>{t('audit.accesses.col.object')}</Table.Th>
              <Table.Th>{t('audit.accesses.col.result')}</Table.Th>
            </>
          }
          rowKey={(access) => access.id}
          row={(access) => (
            <>
              <Table.Td>{intl.formatDate(access.occurredAt, { dateStyle: 'medium', timeStyle: 'medium' })}</Table.Td>
              <Table.Td>
                <ActorName actor={access.actor} />
              </Table.Td>
              <Table.Td>
                <ActionName action={access.action} />
                {access.listed && (
                  <Badge variant="light" color="gray" mt={4}>
                    {t('audit.accesses.listed')}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>
                <ObjectName type={access.objectType} id={access.objectId} />
              </Table.Td>
              <Table.Td>
                <ResultBadge result={access.result} />
              </Table.Td>
            </>
          )}
        />
      )}
    </PagedSection>
  );
}
