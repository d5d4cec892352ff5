// Who is signed in (GET /auth/session): null when nobody is. Every screen behind sign-in reads it.
import { queryOptions, type QueryClient } from '@tanstack/react-query';
import { api, rememberCsrfToken, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema';

export type SignedInSession = paths['/auth/session']['get']['responses'][200]['content']['application/json'];

export const sessionQuery = queryOptions({
  queryKey: ['session'],
  queryFn: async (): Promise<SignedInSession | null> => {
    const result = await api.GET('/auth/session');
    if (result.response.status === 401) return null;
    const session = unwrap(result);
    rememberCsrfToken(session.csrfToken);
    return session;
  },
  staleTime: 60_000,
});

/**
 * The public forms (forgot password, reset password) may be opened in a browser that still has a
 * session or a pending sign-in; the server then wants that session's CSRF token with the POST.
 */
export async function rememberCsrfOfThisBrowser(queryClient: QueryClient): Promise<void> {
  if (await queryClient.ensureQueryData(sessionQuery)) return;
  const { data } = await api.GET('/auth/pending');
  if (data) rememberCsrfToken(data.csrfToken);
}
