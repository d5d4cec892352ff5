// Finding a colleague by name (GET /users?q=…, active users in the units where the session may read
// users: users.read, which those who assign workers or grant access hold). The chosen one is reported up.
// `everyone` also finds deactivated users (the audit trail's search: a leaver's past actions).
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Button, Group, Radio, Stack, Text, TextInput } from '@mantine/core';
import { api, unwrap } from '../../api/client.ts';
import { useT } from '../../i18n/locale.tsx';
import { ProblemAlert } from '../../app/problems.tsx';
import { useSignInAgain } from '../identity/SignInAgain.tsx';

export function UserPicker({
  id,
  value,
  onChange,
  error,
  everyone = false,
}: {
  id: string;
  value: string;
  onChange: (userId: string) => void;
  error?: string;
  everyone?: boolean;
}) {
  const t = useT();
  const [query, setQuery] = useState('');
  const [queryError, setQueryError] = useState<string | undefined>();
  const signInAgain = useSignInAgain();
  const find = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.GET('/users', { params: { query: { q: query.trim(), ...(everyone ? {} : { status: 'active' as const }), limit: 10 } } }),
      ),
    onError: (e) => signInAgain.caught(e),
  });
  const search = () => {
    if (query.trim().length < 2) return setQueryError(t('cases.users.queryShort'));
    setQueryError(undefined);
    onChange('');
    find.mutate();
  };
  return (
    <Stack gap="xs">
      {signInAgain.panel(() => find.reset())}
      <Group align="flex-end">
        <TextInput
          id={`${id}-query`}
          label={t('cases.users.query')}
          value={query}
          onChange={(event) => setQuery(event.currentTarget.value)}
          onKeyDown={(event) => {
            // Enter searches here instead of submitting the form around the picker.
            if (event.key === 'Enter') {
              event.preventDefault();
              search();
            }
          }}
          error={queryError}
        />
        <Button type="button" size="xs" variant="light" loading={find.isPending} onClick={search}>
          {t('cases.users.search')}
        </Button>
      </Group>
      {find.isError && !signInAgain.ended && <ProblemAlert error={find.error} />}
      {find.isSuccess &&
        (find.data.items.length === 0 ? (
          <Text role="status">{t('cases.users.noneFound')}</Text>
        ) : (
          <Radio.Group label={t('cases.users.choose')} value={value} onChange={onChange} error={error} id={`${id}-user`}>
            <Stack gap={4} mt={4}>
              {find.data.items.map((user) => (
                <Radio key={user.id} value={user.id} label={`${user.displayName} (${user.username})`} />
              ))}
            </Stack>
          </Radio.Group>
        ))}
      {!find.isSuccess && error && (
        <Text c="red" size="sm" role="alert">
          {error}
        </Text>
      )}
    </Stack>
  );
}
