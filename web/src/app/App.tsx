// Providers: Mantine (its CSS variables come from the built stylesheet, not a <style> element, for the
// CSP), TanStack Query, the language, and the router. An answer 401 to any query means the session has
// ended (expired, or signed out elsewhere): the app forgets it and shows the sign-in screen.
import { MantineProvider } from '@mantine/core';
import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { ProblemError } from '../api/client.ts';
import { LanguageProvider } from '../i18n/locale.tsx';
import { sessionQuery } from '../modules/identity/session.ts';
import { createAppRouter } from './router.tsx';
import { contrastVariables, theme } from './theme.ts';

const queryClient = new QueryClient({
  queryCache: new QueryCache({
    onError: (error) => {
      if (!(error instanceof ProblemError) || error.problem.status !== 401) return;
      queryClient.setQueryData(sessionQuery.queryKey, null);
      void router.navigate({ to: '/sign-in' });
    },
  }),
  defaultOptions: {
    queries: { retry: (failures, error) => !(error instanceof ProblemError) && failures < 2, refetchOnWindowFocus: false },
  },
});
const router = createAppRouter(queryClient);

export function App() {
  return (
    <MantineProvider theme={theme} cssVariablesResolver={contrastVariables} withCssVariables={false} withGlobalClasses={false}>
      <QueryClientProvider client={queryClient}>
        <LanguageProvider>
          <RouterProvider router={router} />
        </LanguageProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
