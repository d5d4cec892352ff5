// /admin/service-accounts: accounts for a partner's system or operations tooling (service-accounts.manage
// in their unit). An API token is shown ONCE, right after it is issued (fresh factor check first): with
// a copy button and a plain warning; it lives only in this screen's memory and is gone when one leaves.
// Tokens are listed by their prefix; a token is revoked, an account deactivated (its tokens and roles end).
import { useState, type ReactElement } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Badge, Button, Code, CopyButton, Group, NativeSelect, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { api, unwrap } from '../../../api/client.ts';
import { useFormatDateTime, useT } from '../../../i18n/locale.tsx';
import { sessionQuery } from '../session.ts';
import { COLOUR, holdsIn, PERMISSION, unitLabel, unitsQuery, unitTree, type ServiceAccount, type Unit } from './admin.ts';
import { QueryState, ReasonAction, useGuardedSave } from './guarded.tsx';
import { SubmitButton } from '../../../app/SubmitButton.tsx';

const accountsKey = ['admin', 'service-accounts'];

// The return type is written out: the router's type is made of the routes' components, and a page that
// links (typed by that router) would otherwise ask for its own type while it is being worked out.
export function ServiceAccountsPage(): ReactElement {
  const t = useT();
  const permissions = useQuery(sessionQuery).data?.permissions;
  const units = useQuery(unitsQuery).data ?? [];
  const accounts = useQuery({
    queryKey: accountsKey,
    queryFn: async () => unwrap(await api.GET('/service-accounts')).items,
    refetchOnWindowFocus: false,
  });
  const manageUnits = units.filter((unit) => holdsIn(permissions, PERMISSION.serviceAccountsManage, unit.id, units));
  return (
    <Stack gap="xl">
      <Title order={1} size="h2">
        {t('admin.serviceAccounts.title')}
      </Title>
      <Text maw={720}>{t('admin.serviceAccounts.intro')}</Text>
      {manageUnits.length > 0 && <NewServiceAccount units={manageUnits} />}
      <Stack component="section" aria-labelledby="service-accounts-title">
        <Title order={2} size="h3" id="service-accounts-title">
          {t('admin.serviceAccounts.list')}
        </Title>
        <QueryState query={accounts} loading={t('admin.serviceAccounts.loading')}>
          {() =>
            accounts.data!.length === 0 ? (
              <Text>{t('admin.serviceAccounts.empty')}</Text>
            ) : (
              accounts.data!.map((account) => <AccountCard key={account.id} account={account} units={units} />)
            )
          }
        </QueryState>
      </Stack>
    </Stack>
  );
}

function AccountCard({ account, units }: { account: ServiceAccount; units: Unit[] }) {
  const t = useT();
  const queryClient = useQueryClient();
  const formatDateTime = useFormatDateTime();
  const [issued, setIssued] = useState<{ token: string; prefix: string; expiresAt: string } | null>(null);
  const tokens = useQuery({
    queryKey: [...accountsKey, account.id, 'tokens'],
    queryFn: async () =>
      unwrap(await api.GET('/service-accounts/{accountId}/tokens', { params: { path: { accountId: account.id } } })).items,
    refetchOnWindowFocus: false,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: accountsKey });
  const active = account.status === 'active';
  return (
    <Paper withBorder p="md" component="article" aria-labelledby={`account-${account.id}`} data-testid="service-account">
      <Stack gap="sm">
        <Group gap="sm">
          <Title order={3} size="h4" id={`account-${account.id}`}>
            {account.displayName}
          </Title>
          <Badge autoContrast color={active ? COLOUR.good : COLOUR.neutral}>
            {t(`admin.users.status.${account.status}`)}
          </Badge>
        </Group>
        <Text size="sm">
          {t('admin.serviceAccounts.summary', {
            username: account.username,
            unit: unitLabel(units, account.unitId),
            active: account.activeTokens,
          })}
        </Text>
        {issued && (
          <Alert color="yellow" role="alert" data-testid="issued-token">
            <Text fw={700}>{t('admin.tokens.shownOnce')}</Text>
            <Stack gap="xs">
              <Text size="sm">{t('admin.tokens.shownOnce.detail', { expires: formatDateTime(issued.expiresAt) })}</Text>
              <Text size="sm" fw={500} id={`token-${account.id}-label`}>
                {t('admin.tokens.secret')}
              </Text>
              <Code block aria-labelledby={`token-${account.id}-label`} data-testid="token-secret">
                {issued.token}
              </Code>
              <Group gap="xs">
                <CopyButton value={issued.token}>
                  {({ copied, copy }) => (
                    <Button size="xs" onClick={copy} color={copied ? 'green' : undefined}>
                      {copied ? t('admin.tokens.copied') : t('admin.tokens.copy')}
                    </Button>
                  )}
                </CopyButton>
                <Button size="xs" variant="subtle" onClick={() => setIssued(null)}>
                  {t('admin.tokens.stored')}
                </Button>
              </Group>
            </Stack>
          </Alert>
        )}
        <QueryState query={tokens} loading={t('admin.tokens.loading')}>
          {() =>
            tokens.data!.length === 0 ? (
              <Text size="sm">{t('admin.tokens.none')}</Text>
            ) : (
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('admin.tokens.name')}</Table.Th>
                    <Table.Th>{t('admin.tokens.prefix')}</Table.Th>
                    <Table.Th>{t('admin.tokens.expires')}</Table.Th>
                    <Table.Th>{t('admin.tokens.lastUsed')}</Table.Th>
                    <Table.Th>{t('admin.tokens.state')}</Table.Th>
                    <Table.Th>{t('admin.actions')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {tokens.data!.map((token) => (
                    <Table.Tr key={token.id}>
                      <Table.Td>{token.name}</Table.Td>
                      <Table.Td>
                        <Code>{token.prefix}</Code>
                      </Table.Td>
                      <Table.Td>{formatDateTime(token.expiresAt)}</Table.Td>
                      <Table.Td>{token.lastUsedAt ? formatDateTime(token.lastUsedAt) : t('admin.tokens.neverUsed')}</Table.Td>
                      <Table.Td>{t(`admin.tokens.state.${token.status}`)}</Table.Td>
                      <Table.Td>
                        {token.status === 'active' && (
                          <ReasonAction
                            label={t('admin.tokens.revoke', { name: token.name })}
                            danger
                            run={async (reason) =>
                              unwrap(
                                await api.POST('/service-accounts/{accountId}/tokens/{tokenId}/revoke', {
                                  params: { path: { accountId: account.id, tokenId: token.id } },
                                  body: { reason },
                                }),
                              )
                            }
                            onDone={refresh}
                          />
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )
          }
        </QueryState>
        {active && (
          <Group align="flex-start">
            <IssueToken
              account={account}
              onIssued={async (token) => {
                setIssued(token);
                await refresh();
              }}
            />
            <ReasonAction
              label={t('admin.serviceAccounts.deactivate')}
              intro={t('admin.serviceAccounts.deactivate.intro')}
              danger
              run={async (reason) =>
                unwrap(
                  await api.POST('/service-accounts/{accountId}/deactivate', {
                    params: { path: { accountId: account.id } },
                    body: { reason },
                  }),
                )
              }
              onDone={refresh}
            />
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

function IssueToken({
  account,
  onIssued,
}: {
  account: ServiceAccount;
  onIssued: (token: { token: string; prefix: string; expiresAt: string }) => unknown;
}) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [values, setValues] = useState({ name: '', expiresInDays: '90', reason: '' });
  const {
    mutation: save,
    errors,
    formRef,
    feedback,
    blocked,
    submit,
  } = useGuardedSave({
    save: async () =>
      unwrap(
        await api.POST('/service-accounts/{accountId}/tokens', {
          params: { path: { accountId: account.id } },
          body: {
            name: values.name.trim(),
            expiresInDays: Number(values.expiresInDays),
            ...(values.reason ? { reason: values.reason } : {}),
          },
        }),
      ),
    onSaved: async (token) => {
      setOpen(false);
      setValues({ name: '', expiresInDays: '90', reason: '' });
      await onIssued(token);
    },
    fields: ['name', 'expiresInDays', 'reason'],
    fieldText: (field) => (field === 'roleIds' ? t('admin.tokens.noRoles') : undefined),
  });
  const field = (name: keyof typeof values) => ({
    value: values[name],
    onChange: (event: { currentTarget: { value: string } }) => setValues({ ...values, [name]: event.currentTarget.value }),
    error: errors[name],
  });
  if (!open)
    return (
      <Button size="xs" variant="light" onClick={() => setOpen(true)}>
        {t('admin.tokens.issue')}
      </Button>
    );
  return (
    <Paper withBorder p="sm" maw={480} w="100%">
      {feedback}
      <form ref={formRef} onSubmit={submit(values, ['name', 'expiresInDays'])} noValidate>
        <Stack gap="xs">
          <TextInput label={t('admin.tokens.name')} description={t('admin.tokens.name.description')} required {...field('name')} />
          <TextInput label={t('admin.tokens.days')} type="number" min={1} max={366} required {...field('expiresInDays')} />
          <TextInput label={t('admin.reason')} description={t('admin.reason.description')} {...field('reason')} />
          <Group gap="xs">
            <SubmitButton size="xs" pending={save.isPending} disabled={blocked}>
              {t('admin.tokens.issue')}
            </SubmitButton>
            <Button size="xs" variant="subtle" onClick={() => setOpen(false)}>
              {t('admin.cancel')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

const EMPTY_ACCOUNT = { username: '', displayName: '', unitId: '', reason: '' };

function NewServiceAccount({ units }: { units: Unit[] }) {
  const t = useT();
  const queryClient = useQueryClient();
  const [values, setValues] = useState({ ...EMPTY_ACCOUNT, unitId: units[0]?.id ?? '' });
  const [created, setCreated] = useState<string | null>(null);
  const {
    mutation: save,
    errors,
    formRef,
    feedback,
    blocked,
    submit,
  } = useGuardedSave({
    save: async () =>
      unwrap(
        await api.POST('/service-accounts', {
          body: { ...values, username: values.username.trim(), displayName: values.displayName.trim() },
        }),
      ),
    onSaved: async (account) => {
      setCreated(account.displayName);
      setValues({ ...EMPTY_ACCOUNT, unitId: values.unitId });
      await queryClient.invalidateQueries({ queryKey: accountsKey });
    },
    fieldText: (field) => (field === 'username' ? t('admin.users.username.rejected') : undefined),
  });
  const field = (name: keyof typeof EMPTY_ACCOUNT) => ({
    value: values[name],
    onChange: (event: { currentTarget: { value: string } }) => setValues({ ...values, [name]: event.currentTarget.value }),
    error: errors[name],
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="new-account-title" maw={640}>
      {feedback}
      <form ref={formRef} onSubmit={submit(values, ['username', 'displayName', 'unitId', 'reason'])} noValidate>
        <Stack>
          <Title order={2} size="h3" id="new-account-title">
            {t('admin.serviceAccounts.new')}
          </Title>
          {created && (
            <Alert color="green" role="status">
              {t('admin.serviceAccounts.created', { name: created })}
            </Alert>
          )}
          <TextInput label={t('admin.serviceAccounts.displayName')} required {...field('displayName')} />
          <TextInput
            label={t('admin.serviceAccounts.username')}
            description={t('admin.serviceAccounts.username.description')}
            required
            {...field('username')}
          />
          <NativeSelect
            label={t('admin.users.unit')}
            data={unitTree(units).map(({ unit }) => ({ value: unit.id, label: unitLabel(units, unit.id) }))}
            {...field('unitId')}
          />
          <TextInput label={t('admin.reason')} description={t('admin.reason.description')} required {...field('reason')} />
          <Group>
            <SubmitButton pending={save.isPending} disabled={blocked}>
              {t('admin.serviceAccounts.create')}
            </SubmitButton>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
