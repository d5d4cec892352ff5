// The one error type of the platform. Services throw AppError; the HTTP kernel maps it (and every
// other failure) to RFC 9457 problem+json in one place (http/problems.ts).

export interface FieldError {
  /** JSON Pointer (RFC 6901) into the request part, e.g. "/body/name" or "/query/limit". */
  pointer: string;
  detail: string;
}

export interface AppErrorOptions {
  status: number;
  /** Short, stable slug; becomes the problem type `urn:casus:problem:<code>`. */
  code: string;
  title: string;
  detail?: string;
  errors?: FieldError[];
  /** Extra members that are safe to show the client. */
  extensions?: Record<string, unknown>;
  cause?: unknown;
}

export class AppError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: FieldError[] | undefined;
  readonly extensions: Record<string, unknown> | undefined;

  constructor(options: AppErrorOptions) {
    super(options.detail ?? options.title, { cause: options.cause });
    this.name = 'AppError';
    this.status = options.status;
    this.code = options.code;
    this.title = options.title;
    this.detail = options.detail;
    this.errors = options.errors;
    this.extensions = options.extensions;
  }

  static badRequest(detail: string, errors?: FieldError[]): AppError {
    return new AppError({ status: 400, code: 'validation', title: 'Invalid request', detail, ...(errors ? { errors } : {}) });
  }
  /** 400 for one field of the request: `pointer` names it (e.g. "/body/personId"), `detail` says what is wrong. */
  static invalid(pointer: string, detail: string): AppError {
    return AppError.badRequest(detail, [{ pointer, detail }]);
  }
  static unauthorized(detail = 'Authentication is required.'): AppError {
    return new AppError({ status: 401, code: 'unauthenticated', title: 'Not authenticated', detail });
  }
  static forbidden(detail = 'You are not allowed to do this.'): AppError {
    return new AppError({ status: 403, code: 'forbidden', title: 'Forbidden', detail });
  }
  static notFound(detail = 'The resource does not exist or is not visible to you.'): AppError {
    return new AppError({ status: 404, code: 'not-found', title: 'Not found', detail });
  }
  static conflict(detail: string, extensions?: Record<string, unknown>): AppError {
    return new AppError({ status: 409, code: 'conflict', title: 'Conflict', detail, ...(extensions ? { extensions } : {}) });
  }
  static preconditionFailed(detail = 'The resource was changed by someone else; reload and try again.'): AppError {
    return new AppError({ status: 412, code: 'precondition-failed', title: 'Precondition failed', detail });
  }
  static unavailable(detail: string, extensions?: Record<string, unknown>): AppError {
    return new AppError({ status: 503, code: 'unavailable', title: 'Service unavailable', detail, ...(extensions ? { extensions } : {}) });
  }
}
