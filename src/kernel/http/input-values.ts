// Values a schema lets through but PostgreSQL refuses, refused once here for every route, before any
// handler runs, as 400 problem+json naming the field:
// - text with NUL (PostgreSQL text cannot hold U+0000) anywhere in a request; in path and query
//   parameters (identifiers, keys, search terms, cursors) any control character;
// - numbers that are not finite: Ajv's type coercion turns the text `Infinity` (or `1e400`) into a
//   number and then skips the minimum and maximum, which it checks only for finite numbers;
// - dates and times of the year 0000: JSON Schema's `date` and `date-time` formats allow it,
//   PostgreSQL has no year 0 (1 BC is followed by AD 1); and moments JavaScript cannot read (a leap
//   second, 23:59:60, is RFC 3339 but an Invalid Date to the services that compute with it).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, type FieldError } from '../errors.ts';

// eslint-disable-next-line no-control-regex
const NUL = /\u0000/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
/** Enough to name what is wrong; a request full of NULs need not be listed in full. */
const MAX_ERRORS = 10;

const escapePointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** Parsed JSON, query and path objects (the query parser's have a prototype-less prototype), not buffers or streams. */
function isPlain(value: unknown): value is Record<string, unknown> | unknown[] {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return true;
  if (Buffer.isBuffer(value) || ArrayBuffer.isView(value) || typeof (value as { pipe?: unknown }).pipe === 'function') return false;
  const prototype = Object.getPrototypeOf(value) as object | null;
  return prototype === null || prototype === Object.prototype || Object.getPrototypeOf(prototype) === null;
}

/**
 * Pointers to the strings (values or keys) in `root` that match `refused`, and to numbers that are
 * not finite; iterative, so depth cannot overflow the stack.
 */
function findRefused(root: unknown, base: string, refused: RegExp, errors: FieldError[], detail: string): void {
  const stack: [unknown, string][] = [[root, base]];
  while (stack.length > 0 && errors.length < MAX_ERRORS) {
    const [value, pointer] = stack.pop()!;
    if (typeof value === 'string') {
      if (refused.test(value)) errors.push({ pointer, detail });
    } else if (typeof value === 'number') {
      if (!Number.isFinite(value)) errors.push({ pointer, detail: 'is not a finite number' });
    } else if (isPlain(value)) {
      for (const [key, child] of Object.entries(value)) {
        const childPointer = `${pointer}/${escapePointer(key)}`;
        if (refused.test(key)) errors.push({ pointer: childPointer, detail: `the property name ${detail}` });
        else stack.push([child, childPointer]);
      }
    }
  }
}

export function refusedTextIn(request: Pick<FastifyRequest, 'params' | 'query' | 'body'>): FieldError[] {
  const errors: FieldError[] = [];
  findRefused(request.params, '/params', CONTROL, errors, 'contains a control character');
  findRefused(request.query, '/query', CONTROL, errors, 'contains a control character');
  findRefused(request.body, '/body', NUL, errors, 'contains a NUL character (U+0000), which cannot be stored');
  return errors;
}

function refuse(errors: FieldError[]): void {
  if (errors.length > 0)
    throw AppError.badRequest(
      `The request did not pass validation (${errors.length} ${errors.length === 1 ? 'problem' : 'problems'}); nothing was changed.`,
      errors,
    );
}

/**
 * Refuses requests with values the database cannot take: text before validation (so a NUL is named
 * even where the schema would refuse the value for another reason too), and once more after it, for
 * what type coercion made (Infinity); both before the handler.
 */
export function registerInputValueChecks(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => refuse(refusedTextIn(request)));
  app.addHook('preHandler', async (request) => refuse(refusedTextIn(request)));
}

interface AjvFormats {
  formats: Record<string, unknown>;
  addFormat(
    name: string,
    format: { type: 'string'; validate: (value: string) => boolean; compare?: (a: string, b: string) => number | undefined },
  ): unknown;
}

/** PostgreSQL's calendar starts at AD 1, services read moments with Date; the formats' own checks (real days, times, offsets) stay. */
function fromYearOne(ajv: AjvFormats, name: 'date' | 'date-time'): void {
  const existing = ajv.formats[name] as
    { validate?: unknown; compare?: (a: string, b: string) => number | undefined } | ((value: string) => boolean) | RegExp | undefined;
  const validate =
    typeof existing === 'function'
      ? existing
      : existing instanceof RegExp
        ? (value: string) => existing.test(value)
        : typeof existing?.validate === 'function'
          ? (existing.validate as (value: string) => boolean)
          : existing?.validate instanceof RegExp
            ? (value: string) => (existing.validate as RegExp).test(value)
            : null;
  if (!validate) throw new Error(`The JSON Schema format ${name} is not defined`);
  const compare = typeof existing === 'object' && !(existing instanceof RegExp) ? existing.compare : undefined;
  ajv.addFormat(name, {
    type: 'string',
    validate: (value) => !value.startsWith('0000') && validate(value) && !Number.isNaN(Date.parse(value)),
    ...(compare ? { compare } : {}),
  });
}

/** For Fastify's `ajv.onCreate`: runs after the standard formats are added. */
export function strictDateFormats(ajv: unknown): void {
  fromYearOne(ajv as AjvFormats, 'date');
  fromYearOne(ajv as AjvFormats, 'date-time');
}
