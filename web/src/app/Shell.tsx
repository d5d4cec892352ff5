// The frame of every screen after sign-in: the main menu (each entry only for those whose permissions
// open it), the search box (with search.use), the user's name, the language switch and sign-out.
import { useEffect, useRef, type ReactElement } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, Outlet, useLocation, useNavigate } from '@tanstack/react-router';
import { Anchor, Box, Button, Group, Text } from '@mantine/core';
import type { MessageId } from '../i18n/messages.nl.ts';
import { api, rememberCsrfToken, unwrap } from '../api/client.ts';
import { useLanguage, useT, type Language } from '../i18n/locale.tsx';
import { sessionQuery, type SignedInSession } from '../modules/identity/session.ts';
import { GlobalSearch } from '../modules/search/GlobalSearch.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { anyAdminSection } from '../modules/identity/admin/admin.ts';
import { myItemsQuery } from '../modules/access-reviews/reviews.ts';
import { anyAuditSection } from '../modules/audit/audit.ts';
import { anyPrivacySection } from '../modules/privacy/privacy.ts';
import classes from './Shell.module.css';
import { teamPageShownWith } from './team/search.ts';

type Permissions = SignedInSession['permissions'];

/** The main menu: one entry per screen a role lives in, shown when the session's permissions open it. */
const MENU: {
  to: '/' | '/team' | '/admin' | '/access-reviews' | '/audit' | '/privacy';
  label: MessageId;
  shownWith: (permissions: Permissions, has: { reviewItems: boolean }) => boolean;
}[] = [
  { to: '/', label: 'home.title', shownWith: () => true },
  { to: '/team', label: 'team.menu', shownWith: teamPageShownWith },
  { to: '/admin', label: 'admin.menu', shownWith: anyAdminSection },
  // Reviewers need no permission of their own: being named on an item is what lets them decide it.
  { to: '/access-reviews', label: 'accessReviews.menu', shownWith: (_, has) => has.reviewItems },
  { to: '/audit', label: 'audit.menu', shownWith: anyAuditSection },
  { to: '/privacy', label: 'privacy.menu', shownWith: anyPrivacySection },
];

export function Shell(): ReactElement {
  const t = useT();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { show } = useLanguage();
  const session = useQuery(sessionQuery).data;
  // Another screen opened (a link, a conversion's new case): the link pressed is gone, and the focus
  // with it to the page's body. The main region takes it instead: a screen reader reads the new screen
  // and Tab goes on from its start rather than from the top of the frame.
  const main = useRef<HTMLElement>(null);
  const pathname = useLocation({ select: (location) => location.pathname });
  const shownPath = useRef(pathname);
  useEffect(() => {
    if (shownPath.current === pathname) return;
    shownPath.current = pathname;
    main.current?.focus();
  }, [pathname]);
  // Her language, kept with her account: shown as soon as the session says it (null: not chosen yet, the
  // language shown before sign-in stays).
  const preferred = session?.preferences.language ?? null;
  const reviewItems = useQuery({ ...myItemsQuery, enabled: !!session, staleTime: 60_000 }).data?.length ?? 0;
  useEffect(() => {
    if (preferred) show(preferred);
  }, [show, preferred]);
  // Two quick changes of language: the saves go one at a time in the order chosen, and signing out waits
  // for them (one scope runs its mutations in turn), so the server keeps the last choice; the answer to an
  // earlier one does not put its language back on the screen.
  const lastChosen = useRef<Language | null>(null);
  const saveLanguage = useMutation({
    scope: { id: 'session' },
    mutationFn: async (language: Language) => unwrap(await api.PUT('/auth/preferences', { body: { language } })),
    onSuccess: (preferences) => {
      if (preferences.language !== lastChosen.current) return;
      queryClient.setQueryData(sessionQuery.queryKey, (current) => (current ? { ...current, preferences } : current));
    },
  });
  const signOut = useMutation({
    scope: { id: 'session' },
    mutationFn: async () => unwrap(await api.POST('/auth/sign-out', { body: {} })),
    onSettled: async () => {
      rememberCsrfToken(null);
      queryClient.clear();
      await navigate({ to: '/sign-in' });
    },
  });
  return (
    <>
      <Box component="header" className={classes.header} px="md" py="xs">
        <Group justify="space-between" wrap="nowrap">
          <Group gap="lg" wrap="nowrap">
            <Text fw={700} size="xl">
              {t('app.name')}
            </Text>
            <Group component="nav" aria-label={t('shell.navigation')} gap="md" wrap="nowrap">
              {session &&
                MENU.filter((entry) => entry.shownWith(session.permissions, { reviewItems: reviewItems > 0 })).map((entry) => (
                  <Anchor key={entry.to} component={Link} to={entry.to} activeOptions={{ exact: entry.to === '/' }}>
                    {t(entry.label)}
                  </Anchor>
                ))}
            </Group>
          </Group>
          {session?.permissions['search.use'] && <GlobalSearch />}
          <Group gap="md" align="flex-end" wrap="nowrap">
            {session && (
              <Text size="sm" data-testid="signed-in-user">
                {t('shell.signedInAs', { name: session.user.displayName })}
              </Text>
            )}
            <Anchor component={Link} to="/account" size="sm">
              {t('identity.account.link')}
            </Anchor>
            <LanguageSwitch
              onChosen={(language) => {
                lastChosen.current = language;
                saveLanguage.mutate(language);
              }}
              notSaved={saveLanguage.isError}
            />
            <Button variant="outline" size="xs" onClick={() => signOut.mutate()} loading={signOut.isPending}>
              {t('shell.signOut')}
            </Button>
          </Group>
        </Group>
      </Box>
      <Box component="main" p="md" ref={main} tabIndex={-1} className={classes.main}>
        <Outlet />
      </Box>
    </>
  );
}
