// The typed API client: openapi-fetch over the generated schema (schema.d.ts, never written by hand).
// Browser sessions echo their CSRF token on every state-changing request; the token comes from the
// sign-in answers and GET /auth/session and is kept in memory only.
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

export type Problem = components['schemas']['Problem'];

let csrfToken: string | null = null;

export function rememberCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** For the few requests made without the typed client (an upload with progress through XMLHttpRequest). */
export function currentCsrfToken(): string | null {
  return csrfToken;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const csrf: Middleware = {
  onRequest({ request }) {
    if (csrfToken && !SAFE_METHODS.has(request.method)) request.headers.set('X-CSRF-Token', csrfToken);
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: '/api/v1' });
api.use(csrf);

/** A problem+json answer, thrown so that queries and mutations see it as their error. */
export class ProblemError extends Error {
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.title);
    this.problem = problem;
  }

  /** The problem's code: urn:casus:problem:<code> -> <code>. */
  get code(): string {
    return this.problem.type.replace(/^urn:casus:problem:/, '');
  }

  /** Field errors by the field's name in the body or query: '/body/password' -> 'password'. */
  fieldErrors(): Record<string, string[]> {
    const fields: Record<string, string[]> = {};
    for (const { pointer, detail } of this.problem.errors ?? []) {
      const field = pointer.replace(/^\/(body|query)\/?/, '').split('/')[0] ?? '';
      (fields[field] ??= []).push(detail);
    }
    return fields;
  }
}

/** The data of a successful answer; a problem answer is thrown as a ProblemError. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || !result.response.ok) {
    const problem = result.error as Problem | undefined;
    throw new ProblemError(
      problem?.type ? problem : { type: 'about:blank', title: result.response.statusText, status: result.response.status },
    );
  }
  return result.data as T;
}
