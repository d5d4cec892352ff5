// One search box over persons and cases (POST /search; POST so the terms stay out of URLs), results as
// you type: a combobox over a listbox (WAI-ARIA 1.2), "/" focuses it from anywhere but a text field.
// Choosing a result (a click, or Enter on the active one) opens it: a person the person screen, a case
// the case screen (the cases module's route, by its path). Options hold no links of their own: a
// listbox option may not contain interactive content.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { Text, TextInput } from '@mantine/core';
import { api, unwrap } from '../../api/client.ts';
import { useFormatDate, useT } from '../../i18n/locale.tsx';
import classes from './GlobalSearch.module.css';
import { useReadyMark } from '../../app/screen-ready.ts';

/** Every search is audited: wait for a pause in typing and for two characters before asking. */
const MIN_QUERY_LENGTH = 2;
const DEBOUNCE_MS = 300;

function isTextField(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

export function GlobalSearch() {
  const t = useT();
  const formatDate = useFormatDate();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const navigate = useNavigate();

  useEffect(() => {
    const timer = window.setTimeout(() => setQuery(text.trim()), DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [text]);
  useEffect(() => {
    const focusOnSlash = (event: globalThis.KeyboardEvent) => {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || isTextField(event.target)) return;
      event.preventDefault();
      input.current?.focus();
    };
    document.addEventListener('keydown', focusOnSlash);
    return () => document.removeEventListener('keydown', focusOnSlash);
  }, []);

  const search = useQuery({
    queryKey: ['search', query],
    queryFn: async () => unwrap(await api.POST('/search', { body: { query, limit: 10 } })),
    enabled: query.length >= MIN_QUERY_LENGTH,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  // For npm run bench:web: the results of this query are on screen.
  useReadyMark('search', search.isSuccess && !search.isPlaceholderData, query);
  const results = search.data
    ? [
        ...search.data.persons.map((p) => ({
          key: `person-${p.id}`,
          open: () => navigate({ to: '/persons/$personId', params: { personId: p.id } }),
          kind: t('casework.search.person'),
          label: p.displayName,
          detail: p.dateOfBirth ? t('casework.search.born', { date: formatDate(p.dateOfBirth) }) : '',
        })),
        ...search.data.cases.map((c) => ({
          key: `case-${c.id}`,
          open: () => navigate({ href: `/cases/${c.id}` }),
          kind: t('casework.search.case'),
          label: c.number,
          detail: c.status,
        })),
      ]
    : [];
  const showing = open && query.length >= MIN_QUERY_LENGTH;
  const listId = `${id}-results`;
  const optionId = (index: number) => `${id}-option-${index}`;

  let status = '';
  if (showing) {
    if (search.isError) status = t('casework.search.error');
    else if (search.isFetching && !search.data) status = t('casework.search.searching');
    else if (search.data?.tooBroad) status = t('casework.search.tooBroad');
    else if (search.data) status = t('casework.search.found', { persons: search.data.persons.length, cases: search.data.cases.length });
  }

  const choose = (index: number) => {
    const result = results[index];
    if (!result) return;
    setOpen(false);
    setActive(-1);
    void result.open();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter' && showing && active >= 0) {
      event.preventDefault();
      choose(active);
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setOpen(true);
      if (results.length === 0) return;
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((current) => (current + step + results.length) % results.length);
    } else if (event.key === 'Escape' && showing) {
      // Close the list first; a second Escape lets the search field clear itself.
      event.preventDefault();
      setOpen(false);
      setActive(-1);
    }
  };

  return (
    <div className={classes.search}>
      <TextInput
        ref={input}
        type="search"
        size="xs"
        w={280}
        label={t('casework.search.label')}
        description={t('casework.search.shortcut')}
        value={text}
        onChange={(event) => {
          setText(event.currentTarget.value);
          setOpen(true);
          setActive(-1);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={showing && results.length > 0}
        aria-controls={listId}
        aria-activedescendant={showing && active >= 0 ? optionId(active) : undefined}
        aria-keyshortcuts="/"
        autoComplete="off"
      />
      <div role="status" className={classes.status}>
        {status}
      </div>
      <ul
        id={listId}
        role="listbox"
        aria-label={t('casework.search.results')}
        className={classes.results}
        hidden={!showing || results.length === 0}
      >
        {results.map((result, index) => (
          <li
            key={result.key}
            id={optionId(index)}
            role="option"
            aria-selected={index === active}
            className={classes.option}
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => choose(index)}
          >
            <Text size="xs" c="dimmed" component="span">
              {result.kind}
            </Text>{' '}
            <Text size="sm" fw={600} component="span">
              {result.label}
            </Text>{' '}
            <Text size="xs" component="span">
              {result.detail}
            </Text>
          </li>
        ))}
      </ul>
    </div>
  );
}
