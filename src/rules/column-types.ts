/**
 * Which column types Electric 0.x accepts, and which Postgres type Prisma generates for a field (pure).
 *
 * Electric checks the type's *name* (`pg_type.typname`): `bool, bytea, date, float4, float8, int2, int4,
 * int8, jsonb, text, time, timestamp, timestamptz, uuid, varchar`, and enums whose labels it accepts.
 * When a table is electrified (ENABLE), the only type modifier it rejects is a varchar length
 * (`varchar(n)`): its `__validate_table_column_types` procedure looks at `typname`, plus `atttypmod` for
 * varchar only, so Prisma's `TIMESTAMP(3)` passes there. When a column is *added* to a table that is
 * already electrified, the proxy checks the statement instead and rejects any type modifier
 * (`size != []`) and any array: `ADD COLUMN … TIMESTAMP(3)` fails with EX005.
 */

export const SUPPORTED_TYPES: ReadonlySet<string> = new Set([
  'bool',
  'bytea',
  'date',
  'float4',
  'float8',
  'int2',
  'int4',
  'int8',
  'jsonb',
  'text',
  'time',
  'timestamp',
  'timestamptz',
  'uuid',
  'varchar',
])

/** Valid enum labels for Electric (matched case-insensitively). */
export const ENUM_LABEL = /^[a-z][a-z_0-9]*$/i

/** The Postgres column type a Prisma scalar field becomes. */
export interface ColumnType {
  /** `pg_type.typname`: `int4`, `varchar`, `numeric`, … */
  name: string
  /** The type modifiers Prisma writes, e.g. `['3']` for TIMESTAMP(3), `['65', '30']` for DECIMAL(65,30). */
  modifiers: readonly string[]
  /** How Prisma writes it in a migration, e.g. `TIMESTAMP(3)`, `VARCHAR(191)`. */
  sql: string
}

/** Prisma scalar type → its default Postgres column type (no native type attribute). */
const SCALAR_DEFAULTS: Record<string, ColumnType> = {
  String: { name: 'text', modifiers: [], sql: 'TEXT' },
  Int: { name: 'int4', modifiers: [], sql: 'INTEGER' },
  BigInt: { name: 'int8', modifiers: [], sql: 'BIGINT' },
  Float: { name: 'float8', modifiers: [], sql: 'DOUBLE PRECISION' },
  Decimal: { name: 'numeric', modifiers: ['65', '30'], sql: 'DECIMAL(65,30)' },
  Boolean: { name: 'bool', modifiers: [], sql: 'BOOLEAN' },
  DateTime: { name: 'timestamp', modifiers: ['3'], sql: 'TIMESTAMP(3)' },
  Json: { name: 'jsonb', modifiers: [], sql: 'JSONB' },
  Bytes: { name: 'bytea', modifiers: [], sql: 'BYTEA' },
}

/** Prisma's PostgreSQL native type attribute (`@db.X`) → typname and the SQL keyword Prisma writes. */
const NATIVE_TYPES: Record<string, { name: string; sql: string }> = {
  Text: { name: 'text', sql: 'TEXT' },
  VarChar: { name: 'varchar', sql: 'VARCHAR' },
  Char: { name: 'bpchar', sql: 'CHAR' },
  Uuid: { name: 'uuid', sql: 'UUID' },
  Xml: { name: 'xml', sql: 'XML' },
  Inet: { name: 'inet', sql: 'INET' },
  Citext: { name: 'citext', sql: 'CITEXT' },
  Bit: { name: 'bit', sql: 'BIT' },
  VarBit: { name: 'varbit', sql: 'VARBIT' },
  Integer: { name: 'int4', sql: 'INTEGER' },
  SmallInt: { name: 'int2', sql: 'SMALLINT' },
  Oid: { name: 'oid', sql: 'OID' },
  BigInt: { name: 'int8', sql: 'BIGINT' },
  DoublePrecision: { name: 'float8', sql: 'DOUBLE PRECISION' },
  Real: { name: 'float4', sql: 'REAL' },
  Decimal: { name: 'numeric', sql: 'DECIMAL' },
  Money: { name: 'money', sql: 'MONEY' },
  Boolean: { name: 'bool', sql: 'BOOLEAN' },
  Timestamp: { name: 'timestamp', sql: 'TIMESTAMP' },
  Timestamptz: { name: 'timestamptz', sql: 'TIMESTAMPTZ' },
  Date: { name: 'date', sql: 'DATE' },
  Time: { name: 'time', sql: 'TIME' },
  Timetz: { name: 'timetz', sql: 'TIMETZ' },
  Json: { name: 'json', sql: 'JSON' },
  JsonB: { name: 'jsonb', sql: 'JSONB' },
  ByteA: { name: 'bytea', sql: 'BYTEA' },
}

/**
 * The column type Prisma generates for a scalar field; undefined for a scalar type this table does
 * not know (then nothing is claimed about it).
 */
export function prismaColumnType(type: string, nativeType: { name: string; args: readonly string[] } | null): ColumnType | undefined {
  if (!nativeType) return SCALAR_DEFAULTS[type]
  const native = NATIVE_TYPES[nativeType.name]
  const modifiers = nativeType.args
  const suffix = modifiers.length > 0 ? `(${modifiers.join(',')})` : ''
  if (!native) return { name: nativeType.name.toLowerCase(), modifiers, sql: `${nativeType.name.toUpperCase()}${suffix}` }
  return { name: native.name, modifiers, sql: `${native.sql}${suffix}` }
}

/** When a table is electrified: any supported typname, with a modifier except a varchar length. */
export function acceptedAtEnable(type: ColumnType): boolean {
  return SUPPORTED_TYPES.has(type.name) && !(type.name === 'varchar' && type.modifiers.length > 0)
}
