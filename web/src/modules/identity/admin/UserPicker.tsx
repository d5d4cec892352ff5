// Choosing a user: type part of a name, username or e-mail address (GET /users?q=, after a short pause),
// then pick from the matches in a native select (no injected styles, keyboard as the platform has it).
import { useEffect, useId, useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { NativeSelect, Stack, TextInput } from '@mantine/core';
import { api, unwrap } from '../../../api/client.ts';
import { useT } from '../../../i18n/locale.tsx';

export function UserPicker({
  value,
  onChange,
  error,
  label,
}: {
  value: string;
  onChange: (userId: string) => void;
  error?: string | undefined;
  label: string;
}) {
  const t = useT();
  const id = useId();
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQuery(search.trim()), 300);
    return () => clearTimeout(timer);
  }, [search]);
  const matches = useQuery({
    queryKey: ['admin', 'user-picker', query],
    queryFn: async () => unwrap(await api.GET('/users', { params: { query: { q: query, status: 'active', limit: 20 } } })).items,
    enabled: query.length >= 2,
    refetchOnWindowFocus: false,
  });
  const options = useMemo(() => matches.data ?? [], [matches.data]);
  useEffect(() => {
    // The first match is chosen as soon as there is one: the select always shows what will be sent.
    if (options.length > 0 && !options.some((user) => user.id === value)) onChange(options[0]!.id);
  }, [options, value, onChange]);
  return (
    <Stack gap={4}>
      <TextInput
        id={`${id}-search`}
        label={t('admin.userPicker.search', { label })}
        description={t('admin.userPicker.description')}
        value={search}
        onChange={(event) => setSearch(event.currentTarget.value)}
        error={error}
        autoComplete="off"
      />
      <NativeSelect
        id={`${id}-select`}
        label={label}
        value={value}
        onChange={(event) => onChange(event.currentTarget.value)}
        disabled={options.length === 0}
        data={
          options.length === 0
            ? [{ value: '', label: query.length >= 2 && matches.isSuccess ? t('admin.userPicker.none') : t('admin.userPicker.typeFirst') }]
            : options.map((user) => ({ value: user.id, label: `${user.displayName} (${user.username})` }))
        }
      />
    </Stack>
  );
}
