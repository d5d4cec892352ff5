// The details of one thing (a referral, a person) as a two-column table: a row header per label, so
// screen readers read each value with its label. Rows whose value is undefined are left out.
import type { ReactNode } from 'react';
import { Table } from '@mantine/core';

export function DetailTable({ label, rows }: { label: string; rows: [string, ReactNode | undefined][] }) {
  return (
    <Table aria-label={label} layout="fixed" maw={760} verticalSpacing="xs">
      <Table.Tbody>
        {rows
          .filter(([, value]) => value !== undefined)
          .map(([name, value]) => (
            <Table.Tr key={name}>
              <Table.Th scope="row" w="35%">
                {name}
              </Table.Th>
              <Table.Td>{value}</Table.Td>
            </Table.Tr>
          ))}
      </Table.Tbody>
    </Table>
  );
}
