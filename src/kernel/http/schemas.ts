// The TypeBox shapes every module's API repeats: ids, moments, nullable values, choices of strings,
// reasons, and keyset-paged lists (their query and their answer). Defined once, so the OpenAPI
// document says the same thing the same way on every route.
import { Type, type TSchema, type TSchemaOptions } from 'typebox';

export const Uuid = Type.String({ format: 'uuid' });

/** A moment as RFC 3339 with its offset (answers give UTC, `Z`). */
export const DateTime = Type.String({ format: 'date-time' });

/** The schema's values, or null. */
export const Nullable = <T extends TSchema>(schema: T, options?: TSchemaOptions) => Type.Union([schema, Type.Null()], options);

/** One of these strings: `{ type: 'string', enum }` in the document, the union of the literals in the static type. */
export const StringEnum = <const T extends readonly string[]>(values: T, options?: TSchemaOptions) =>
  Type.Unsafe<T[number]>({ ...options, type: 'string', enum: [...values] });

/** Why a change is made, where the audit trail records it. */
export const Reason = Type.String({ minLength: 10, maxLength: 2000, description: 'Why: recorded in the audit trail' });

/**
 * The query members of a keyset-paged list, to spread into its querystring object: `after`, the
 * `next` of the previous page (kernel/http/cursor.ts reads it), and `limit`.
 */
export const pageQuery = (limit: { maximum: number; default: number } = { maximum: 200, default: 50 }) => ({
  after: Type.Optional(Type.String({ maxLength: 200, description: 'The `next` value of the previous page' })),
  limit: Type.Integer({ minimum: 1, ...limit }),
});

/** One page of a list: its items, and the `after` of the next page (null on the last). */
export const Page = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item), next: Nullable(Type.String()) });
