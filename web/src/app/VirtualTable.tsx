// A table over a list that can grow long (the API's pages loaded one after the other with "more"): up to
// ALL_ROWS rows every row is in the page; beyond that only the rows in view and a margin around them,
// with a spacer row above and below standing in for the height of the rest (docs/adr/0024). The page keeps
// its own scroll (the window virtualizer: no scroll box inside the page) and the table stays a table:
// aria-rowcount says how many rows there are and each row its aria-rowindex, so a screen reader counts
// the rows that are not rendered. The row holding the focus stays rendered when it scrolls out of view,
// so the focus is never lost to a row that goes away.
import { useCallback, useLayoutEffect, useRef, useState, type FocusEvent, type ReactNode } from 'react';
import { Table } from '@mantine/core';
import { defaultRangeExtractor, useWindowVirtualizer, type Range } from '@tanstack/react-virtual';
import classes from './VirtualTable.module.css';

/** Up to this many rows every row is rendered (short lists are plain tables). */
export const ALL_ROWS = 100;
/** Rows rendered beyond each edge of the view: keyboard focus moving to the next row finds it rendered. */
const OVERSCAN = 10;
/** A row's height before it is measured (a Mantine table row of one line with a link or badge). */
const ESTIMATED_ROW = 40;

interface VirtualTableProps<T> {
  items: readonly T[];
  /** The number of columns: the spacer rows span them. */
  columns: number;
  /** The header row's cells. */
  head: ReactNode;
  /** A row's cells. */
  row: (item: T) => ReactNode;
  rowKey: (item: T) => string;
  /** Attributes of a row (a test id). */
  rowProps?: (item: T) => Record<`data-${string}`, string>;
  caption?: ReactNode;
}

export function VirtualTable<T>({ items, columns, head, row, rowKey, rowProps, caption }: VirtualTableProps<T>) {
  const body = useRef<HTMLTableSectionElement>(null);
  const long = items.length > ALL_ROWS;
  // Where the body starts in the page: the virtualizer counts the window's scroll from there. Whatever
  // above it grows or shrinks (a message, a filter form) moves it, so it is measured again on each change.
  const [bodyTop, setBodyTop] = useState(0);
  useLayoutEffect(() => {
    if (!long) return;
    const measure = () => {
      if (body.current) setBodyTop(Math.round(body.current.getBoundingClientRect().top + window.scrollY));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(document.body);
    return () => observer.disconnect();
  }, [long]);
  const [focused, setFocused] = useState<number | null>(null);
  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      if (focused === null || focused >= range.count || indexes.includes(focused)) return indexes;
      return [...indexes, focused].sort((a, b) => a - b);
    },
    [focused],
  );
  const virtualizer = useWindowVirtualizer({
    count: items.length,
    enabled: long,
    estimateSize: () => ESTIMATED_ROW,
    overscan: OVERSCAN,
    scrollMargin: bodyTop,
    rangeExtractor,
    getItemKey: (index) => rowKey(items[index]!),
  });

  const onFocus = (event: FocusEvent<HTMLTableSectionElement>) => {
    const index = event.target.closest<HTMLElement>('tr[data-index]')?.dataset.index;
    setFocused(index === undefined ? null : Number(index));
  };
  const onBlur = (event: FocusEvent<HTMLTableSectionElement>) => {
    if (!(event.relatedTarget instanceof Node && event.currentTarget.contains(event.relatedTarget))) setFocused(null);
  };

  const renderRow = (item: T, index: number) => (
    <Table.Tr
      key={rowKey(item)}
      aria-rowindex={index + 2}
      data-index={index}
      ref={long ? virtualizer.measureElement : undefined}
      {...rowProps?.(item)}
    >
      {row(item)}
    </Table.Tr>
  );
  const spacer = (key: string, height: number) =>
    height > 0 && (
      // Stands in for the rows not rendered: the page keeps its full height, the scroll bar its place.
      <tr key={key} aria-hidden="true" className={classes.spacer}>
        <td colSpan={columns} style={{ height }} />
      </tr>
    );

  let rows: ReactNode[];
  if (!long) rows = items.map(renderRow);
  else {
    // Offsets from the body's top; the virtualizer's starts count from the page's top.
    const margin = virtualizer.options.scrollMargin;
    rows = [];
    let end = 0;
    for (const virtual of virtualizer.getVirtualItems()) {
      rows.push(spacer(`gap-${virtual.index}`, virtual.start - margin - end), renderRow(items[virtual.index]!, virtual.index));
      end = virtual.end - margin;
    }
    rows.push(spacer('gap-end', virtualizer.getTotalSize() - end));
  }

  return (
    // The header row counts as a row: it is row 1, the items 2 to n + 1.
    <Table aria-rowcount={items.length + 1}>
      {caption && <Table.Caption>{caption}</Table.Caption>}
      <Table.Thead>
        <Table.Tr aria-rowindex={1}>{head}</Table.Tr>
      </Table.Thead>
      <Table.Tbody ref={body} onFocus={onFocus} onBlur={onBlur}>
        {rows}
      </Table.Tbody>
    </Table>
  );
}
