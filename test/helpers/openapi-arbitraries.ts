// fast-check arbitraries from the JSON Schemas of an OpenAPI 3.1 document: values a schema accepts
// (biased towards the edges: bounds, empty and longest strings, unusual Unicode, the first and last
// days of the calendar) and values it refuses (wrong types, out of range, impossible dates, control
// characters, extra or missing properties). For the no-5xx property test (test/app/no-server-errors).
import fc from 'fast-check';

export type Schema = Record<string, unknown> & {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  formatMinimum?: string;
  formatExclusiveMinimum?: string;
  formatMaximum?: string;
  formatExclusiveMaximum?: string;
};

export interface SchemaContext {
  /** The document, for `$ref`s into components. */
  document: { components?: { schemas?: Record<string, Schema> } };
  /**
   * Ids seen in earlier answers, by the kind of thing they name ('case', 'person'; '' for all): uuid
   * values are mostly taken from here, so requests reach real rows.
   */
  ids: Map<string, string[]>;
}

/** The kind of thing a property or parameter name refers to: caseId -> case, owningUnitId -> unit. */
export function kindOf(name: string | undefined): string {
  return name?.match(/([A-Z]?[a-z]+)Ids?$/)?.[1]?.toLowerCase() ?? '';
}

const LONG = 'ä'.repeat(3000);
/** Strings that are valid wherever any string is: they test what lies behind the schema. */
const NASTY_TEXT = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\t\n\r',
  '\u202e\u0645\u0631\u062d\u0628\u0627',
  '😀👩‍👩‍👧',
  '\ud800',
  "Robert'); drop table person;--",
  '%00',
  '../../etc/passwd',
  '${x}',
  '\\',
  'ǅ̵̡',
  LONG,
];
const IMPOSSIBLE_DATES = [
  '2026-02-30',
  '0000-01-01',
  '2026-13-01',
  '2025-02-29',
  '10000-01-01',
  '-0001-01-01',
  '2026-1-1',
  '1889-12-31',
  '1890-01-01',
];
const IMPOSSIBLE_MOMENTS = [
  '2016-12-31T23:59:60Z',
  '2026-02-30T10:00:00Z',
  '0000-01-01T00:00:00Z',
  '2026-01-01T24:00:01Z',
  '2026-01-01T10:00:00+25:00',
  '2026-01-01',
  '9999-12-31T23:59:59-14:00',
  '0001-01-01T00:00:00+14:00',
];
const WRONG_TYPES: unknown[] = [null, true, false, 0, -1, 1.5, 2 ** 31, 2 ** 63, -(2 ** 63), 1e308, 'text', '', [], [null], {}, { a: 1 }];

function resolve(schema: Schema, context: SchemaContext): Schema {
  let current = schema;
  for (let i = 0; i < 10 && current.$ref; i++) {
    const name = current.$ref.replace(/^#\/components\/schemas\//, '');
    const target = context.document.components?.schemas?.[name];
    if (!target) throw new Error(`unresolved $ref ${current.$ref}`);
    current = target;
  }
  return current;
}

function typesOf(schema: Schema): string[] {
  if (Array.isArray(schema.type)) return schema.type;
  if (typeof schema.type === 'string') return [schema.type];
  if (schema.properties) return ['object'];
  if (schema.items) return ['array'];
  return [];
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const isoDate = (d: Date) => `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;

function dateArbitrary(schema: Schema): fc.Arbitrary<string> {
  const lower = schema.formatExclusiveMinimum ?? schema.formatMinimum;
  const upper = schema.formatExclusiveMaximum ?? schema.formatMaximum;
  const minDate = lower ? new Date(new Date(`${lower.slice(0, 10)}T00:00:00Z`).getTime() + 86_400_000) : new Date('0001-01-01T00:00:00Z');
  const maxDate = upper ? new Date(new Date(`${upper.slice(0, 10)}T00:00:00Z`).getTime() - 86_400_000) : new Date('9999-12-31T00:00:00Z');
  return fc
    .oneof(
      { weight: 3, arbitrary: fc.date({ min: minDate, max: maxDate, noInvalidDate: true }).map(isoDate) },
      { weight: 1, arbitrary: fc.constantFrom(isoDate(minDate), isoDate(maxDate), '2024-02-29') },
    )
    .filter((d) => (!lower || d > lower.slice(0, 10)) && (!upper || d < upper.slice(0, 10)));
}

function momentArbitrary(): fc.Arbitrary<string> {
  return fc.oneof(
    {
      weight: 3,
      arbitrary: fc
        .date({ min: new Date('0001-01-02T00:00:00Z'), max: new Date('9999-12-30T00:00:00Z'), noInvalidDate: true })
        .map((d) => d.toISOString()),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '0001-01-01T00:00:00Z',
        '9999-12-31T23:59:59.999999Z',
        '2026-03-29T02:30:00+02:00',
        '2026-06-01T12:00:00.123456789Z',
      ),
    },
  );
}

function stringArbitrary(schema: Schema, context: SchemaContext, name: string | undefined): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = schema.maxLength ?? 5000;
  const fits = (s: string) => [...s].length >= minLength && [...s].length <= maxLength;
  switch (schema.format) {
    case 'uuid': {
      const pick = (kind: string) =>
        fc.nat().map((i) => {
          const ids = context.ids.get(kind) ?? context.ids.get('') ?? [];
          return ids[i % Math.max(1, ids.length)] ?? '00000000-0000-4000-8000-000000000000';
        });
      return fc.oneof(
        { weight: 4, arbitrary: pick(kindOf(name)) },
        { weight: 1, arbitrary: pick('') },
        { weight: 1, arbitrary: fc.uuid() },
      );
    }
    case 'date':
      return dateArbitrary(schema);
    case 'date-time':
      return momentArbitrary();
    case 'email':
      return fc.emailAddress().filter(fits);
    case 'uri':
      return fc.webUrl().filter(fits);
    case 'binary':
      return fc.string();
    default:
      break;
  }
  // Page cursors (`after`) are opaque, but made by the kernel: base64url JSON of a moment and an id.
  if (name === 'after') {
    return fc
      .record({ at: fc.oneof(momentArbitrary(), fc.constantFrom(...IMPOSSIBLE_MOMENTS)), id: fc.oneof(fc.uuid(), fc.constant('x')) })
      .map((cursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url'))
      .filter(fits);
  }
  if (schema.pattern) {
    let pattern: RegExp;
    try {
      pattern = new RegExp(schema.pattern, 'u');
    } catch {
      pattern = new RegExp(schema.pattern);
    }
    return fc.stringMatching(pattern).filter(fits);
  }
  const plain = fc.string({
    unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-'),
    minLength: Math.max(minLength, 1),
    maxLength: Math.max(minLength, Math.min(maxLength, 20)),
  });
  return fc
    .oneof(
      { weight: 4, arbitrary: plain },
      { weight: 2, arbitrary: fc.string({ minLength, maxLength: Math.min(maxLength, 40), unit: 'grapheme' }) },
      { weight: 1, arbitrary: fc.string({ minLength, maxLength: Math.min(maxLength, 20), unit: 'binary' }) },
      { weight: 1, arbitrary: fc.constantFrom(...NASTY_TEXT, 'x'.repeat(Math.max(minLength, Math.min(maxLength, 10_000)))) },
    )
    .filter(fits);
}

function numberArbitrary(schema: Schema, integer: boolean): fc.Arbitrary<number> {
  const min =
    schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + (integer ? 1 : Number.EPSILON) : undefined);
  const max =
    schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - (integer ? 1 : Number.EPSILON) : undefined);
  if (integer) {
    const lo = min ?? Number.MIN_SAFE_INTEGER;
    const hi = max ?? Number.MAX_SAFE_INTEGER;
    const edges = [lo, hi, 0, 1, -1, 2 ** 31 - 1, 2 ** 31, -(2 ** 31) - 1].filter((n) => n >= lo && n <= hi);
    return fc.oneof(fc.integer({ min: lo, max: hi }), fc.constantFrom(...edges));
  }
  return fc.oneof(
    fc.double({ noNaN: true, noDefaultInfinity: true, ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) }),
    fc.constantFrom(
      ...[min ?? -1e300, max ?? 1e300, 0, 0.1].filter((n) => (min === undefined || n >= min) && (max === undefined || n <= max)),
    ),
  );
}

/** Values the schema accepts, biased towards its edges. */
export function validValue(input: Schema, context: SchemaContext, depth = 0, name?: string): fc.Arbitrary<unknown> {
  const schema = resolve(input, context);
  if ('const' in schema) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((s) => validValue(s, context, depth + 1, name)));
  if (schema.allOf?.[0]) return validValue(schema.allOf[0], context, depth + 1, name);
  const types = typesOf(schema);
  if (types.length > 1) return fc.oneof(...types.map((type) => validValue({ ...schema, type }, context, depth + 1, name)));
  switch (types[0]) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return numberArbitrary(schema, true);
    case 'number':
      return numberArbitrary(schema, false);
    case 'string':
      return stringArbitrary(schema, context, name);
    case 'array': {
      const item = schema.items ? validValue(schema.items, context, depth + 1, name) : fc.anything();
      const constraints = { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 4, depth > 3 ? 1 : 4) };
      return schema.uniqueItems
        ? fc.uniqueArray(item, { ...constraints, selector: (v) => JSON.stringify(v) })
        : fc.array(item, constraints);
    }
    case 'object': {
      const properties = schema.properties ?? {};
      const required = new Set(schema.required ?? []);
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, property] of Object.entries(properties)) record[key] = validValue(property, context, depth + 1, key);
      return fc.record(record, { requiredKeys: [...required].filter((k) => k in properties) });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Values the schema refuses (or that sit right on what it cannot say: impossible dates, control characters). */
export function invalidValue(input: Schema, context: SchemaContext, depth = 0, name?: string): fc.Arbitrary<unknown> {
  const schema = resolve(input, context);
  const generic = fc.constantFrom(...WRONG_TYPES, ...NASTY_TEXT, ...IMPOSSIBLE_DATES, ...IMPOSSIBLE_MOMENTS);
  const specific: fc.Arbitrary<unknown>[] = [];
  const types = typesOf(schema);
  if (types.includes('string')) {
    if (schema.maxLength !== undefined) specific.push(fc.constant('y'.repeat(schema.maxLength + 1)));
    if (schema.minLength) specific.push(fc.constant('y'.repeat(schema.minLength - 1)));
    if (schema.format === 'date') specific.push(fc.constantFrom(...IMPOSSIBLE_DATES));
    if (schema.format === 'date-time') specific.push(fc.constantFrom(...IMPOSSIBLE_MOMENTS));
    if (schema.format === 'uuid')
      specific.push(
        fc.constantFrom(
          'not-a-uuid',
          '00000000-0000-0000-0000-00000000000g',
          '00000000000000000000000000000000',
          '{00000000-0000-4000-8000-000000000000}',
        ),
      );
    specific.push(fc.string({ unit: 'binary', maxLength: 30 }));
  }
  if (types.includes('integer') || types.includes('number')) {
    const edges = [
      schema.minimum !== undefined ? schema.minimum - 1 : -(2 ** 63),
      schema.maximum !== undefined ? schema.maximum + 1 : 2 ** 63,
      1.5,
      'NaN',
      'Infinity',
      '1e999',
      '0x10',
      ' 1',
    ];
    specific.push(fc.constantFrom(...edges));
  }
  if (types.includes('object') && depth < 4) {
    const valid = validValue(schema, context, depth + 1, name) as fc.Arbitrary<Record<string, unknown>>;
    specific.push(valid.map((v) => ({ ...v, unexpectedProperty: 'x' })));
    const required = schema.required ?? [];
    if (required.length > 0)
      specific.push(
        valid.chain((v) => fc.constantFrom(...required).map((k) => Object.fromEntries(Object.entries(v).filter(([key]) => key !== k)))),
      );
    const names = Object.keys(schema.properties ?? {});
    if (names.length > 0) {
      specific.push(
        valid.chain((v) =>
          fc
            .constantFrom(...names)
            .chain((k) => invalidValue(schema.properties![k]!, context, depth + 1, k).map((bad) => ({ ...v, [k]: bad }))),
        ),
      );
    }
  }
  if (types.includes('array') && depth < 4) {
    if (schema.maxItems !== undefined) specific.push(fc.constant(Array.from({ length: schema.maxItems + 1 }, () => null)));
    if (schema.items) specific.push(fc.array(invalidValue(schema.items, context, depth + 1, name), { minLength: 1, maxLength: 2 }));
  }
  return specific.length > 0 ? fc.oneof({ weight: 1, arbitrary: generic }, { weight: 3, arbitrary: fc.oneof(...specific) }) : generic;
}
