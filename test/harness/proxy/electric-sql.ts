/**
 * The SQL the proxy sends in place of DDLX. Each DDLX statement becomes exactly one DO block, so it
 * runs server-side inside the client's transaction (a failure anywhere rolls the whole migration
 * back, and later statements see uncommitted enables) and still answers with one CommandComplete.
 * Electric 0.x does the same with `CALL electric.enable('"public"."T"')` against its own schema.
 */
import type { DdlxTable } from './ddlx.js'

/** What Electric's `electric.electrify` procedure accepts as a column type (`pg_type.typname`). */
export const SUPPORTED_TYPES = ['bool', 'bytea', 'date', 'float4', 'float8', 'int2', 'int4', 'int8', 'jsonb', 'text', 'time', 'timestamp', 'timestamptz', 'uuid', 'varchar']

/** Electric's enum label rule, as a Postgres regular expression (matched case-insensitively). */
export const ENUM_LABEL_SQL = '^[a-z][a-z_0-9]*$'

/** Detail of Electric's answer to a forbidden change to an electrified table. */
export const ADDITIVE_DETAIL = 'Electric currently only supports additive migrations (ADD COLUMN, ADD INDEX)'

/**
 * ENABLE: creates Electric's bookkeeping on first use, checks the table exists, validates it the way
 * Electric does when it electrifies a table, and records it in electric.electrified (a second ENABLE of
 * the same table only raises a NOTICE, as since 0.7.0).
 *
 * Validation, first failure wins: schema `public` (EX014, unless the proxy allows other schemas) and a primary key (EX015), as Electric's
 * schema validator; column types (EX005) and DEFAULTs (EX006, also identity and generated columns)
 * with the messages of Electric's `__validate_table_column_types`/`__validate_table_column_defaults`
 * procedures, which accept any supported typname with a modifier except a varchar length (so
 * TIMESTAMP(3) passes here) and any enum whose labels Electric accepts (else EX016); then no CHECK,
 * UNIQUE or EXCLUDE constraint (EX011; a unique *index* passes). Foreign keys to tables that are not
 * electrified are not rejected: Electric 0.12 did not check them.
 * Not reproduced: REPLICA IDENTITY, publication, shadow tables, DDL capture.
 */
export function enableSql(table: DdlxTable, options: { publicSchemaOnly?: boolean } = {}): string {
  // Electric calls electric.enable('"schema"."table"'), pasting the names between double quotes as the
  // DDLX parser left them (a quoted name keeps its doubled "", which makes the result right).
  const qualified = literal(`"${table.schema}"."${table.name}"`)
  const shown = `${table.schema}.${table.name}`
  const relation = `"${table.schema}"."${table.name}"`
  // The procedures name the table as format('%I.%I', schema, table): public."Post", public.items.
  const procedureName = `format('%I.%I', ${literal(table.schema)}, ${literal(table.name)})`
  const types = SUPPORTED_TYPES.map(literal).join(', ')
  return doBlock(`
DECLARE
  _oid regclass;
  _invalid text[];
  _labels text[];
  _enum text;
  _constraint "char";
BEGIN
  IF to_regnamespace('electric') IS NULL THEN
    CREATE SCHEMA electric;
  END IF;
  IF to_regclass('electric.electrified') IS NULL THEN
    CREATE TABLE electric.electrified (schema_name text NOT NULL, table_name text NOT NULL, oid oid PRIMARY KEY);
  END IF;
  _oid := to_regclass(${qualified});
  IF _oid IS NULL THEN
    RAISE EXCEPTION USING ERRCODE = '42P01', MESSAGE = ${literal(`relation "${shown}" does not exist`)};
  END IF;
  IF EXISTS (SELECT FROM electric.electrified WHERE oid = _oid) THEN
    RAISE NOTICE USING MESSAGE = ${literal(`table ${shown} is already electrified`)};
    RETURN;
  END IF;
  IF ${options.publicSchemaOnly ? literal(table.schema) : "'public'"} <> 'public' THEN
    RAISE EXCEPTION USING ERRCODE = 'EX014', MESSAGE = ${literal(`Cannot electrify ${relation} because only tables in the default \`public\` schema can be electrified.\n\nSee https://electric-sql.com/docs/usage/data-modelling/migrations#limitations\nto learn more about the current limitations of electrified tables.`)};
  END IF;
  IF NOT EXISTS (SELECT FROM pg_constraint WHERE conrelid = _oid AND contype = 'p') THEN
    RAISE EXCEPTION USING ERRCODE = 'EX015', MESSAGE = ${literal(`Cannot electrify ${relation} because it does not have a primary key`)};
  END IF;
  SELECT array_agg(format('%I %s', attname, format_type(atttypid, atttypmod)) ORDER BY attnum) INTO _invalid
    FROM pg_attribute JOIN pg_type ON atttypid = pg_type.oid
    WHERE attrelid = _oid AND attnum > 0 AND NOT attisdropped AND typtype <> 'e'
      AND (typname NOT IN (${types}) OR (typname = 'varchar' AND atttypmod <> -1));
  IF _invalid IS NOT NULL THEN
    RAISE EXCEPTION USING ERRCODE = 'EX005', MESSAGE = format(E'Cannot electrify "%s" because some of its columns have types not supported by Electric:\n  %s', ${procedureName}, array_to_string(_invalid, E'\n  '));
  END IF;
  FOR _enum, _labels IN
    SELECT format('"%s"."%s"', nspname, typname), array_agg(enumlabel ORDER BY enumsortorder)
      FROM pg_attribute JOIN pg_type ON atttypid = pg_type.oid JOIN pg_namespace ON typnamespace = pg_namespace.oid JOIN pg_enum ON enumtypid = pg_type.oid
      WHERE attrelid = _oid AND attnum > 0 AND NOT attisdropped AND enumlabel !~* ${literal(ENUM_LABEL_SQL)}
      GROUP BY nspname, typname
  LOOP
    RAISE EXCEPTION USING ERRCODE = 'EX016', MESSAGE = format('Cannot electrify ENUM %s because it contains unsupported values: [%s]', _enum, (SELECT string_agg(format('"%s"', l), ', ') FROM unnest(_labels) AS l));
  END LOOP;
  SELECT array_agg(format('%I', attname) ORDER BY attnum) INTO _invalid
    FROM pg_attribute
    WHERE attrelid = _oid AND attnum > 0 AND NOT attisdropped AND (atthasdef OR attidentity <> '' OR attgenerated <> '');
  IF _invalid IS NOT NULL THEN
    RAISE EXCEPTION USING ERRCODE = 'EX006', MESSAGE = format(E'Cannot electrify "%s" because some of its columns have DEFAULT expression which is not currently supported by Electric:\n  %s', ${procedureName}, array_to_string(_invalid, E'\n  '));
  END IF;
  SELECT contype INTO _constraint FROM pg_constraint WHERE conrelid = _oid AND contype IN ('c', 'u', 'x') ORDER BY conname LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION USING ERRCODE = 'EX011', MESSAGE = format('Cannot electrify column with %s constraint', CASE _constraint WHEN 'c' THEN 'CHECK' WHEN 'u' THEN 'UNIQUE' ELSE 'EXCLUDE' END);
  END IF;
  INSERT INTO electric.electrified SELECT nspname, relname, _oid FROM pg_class JOIN pg_namespace ON relnamespace = pg_namespace.oid WHERE pg_class.oid = _oid;
END`)
}

/** An error Electric's proxy answers itself (EX001 …), raised by the server so the transaction aborts. */
export function raiseSql(code: string, message: string, detail?: string): string {
  const withDetail = detail === undefined ? '' : `, DETAIL = ${literal(detail)}`
  return doBlock(`BEGIN RAISE EXCEPTION USING ERRCODE = ${literal(code)}, MESSAGE = ${literal(message)}${withDetail}; END`)
}

/** A statement that succeeds and does nothing: DDLX on Prisma's shadow database. */
export const NOTHING_SQL = doBlock('BEGIN END')

/**
 * A rule of Electric's for statements on electrified tables, checked by the server when the statement
 * runs, so that it sees tables electrified earlier in the same, uncommitted transaction.
 */
export interface Guard {
  /** the statement's table, as SQL text for to_regclass(): `"Post"`, `"public"."Post"` */
  relation: string
  code: string
  /** the error message; `%s` stands for the table as Electric shows it, `"public"."Post"` */
  message: string
  detail?: string
  /** a boolean SQL expression: the guard fails only when it is true (default: whenever the table is electrified) */
  condition?: string
}

/**
 * The client's statement, run with EXECUTE after checking the guards against electric.electrified
 * (absent until the first ENABLE: then nothing is electrified). The first failing guard wins, as in
 * Electric, which stops at the first forbidden command of a statement.
 */
export function guardedSql(statement: string, guards: Guard[]): string {
  const checks = guards.map(
    (guard) => `
    SELECT schema_name, table_name INTO electrified FROM electric.electrified WHERE oid = to_regclass(${literal(guard.relation)});
    IF FOUND${guard.condition ? ` AND (${guard.condition})` : ''} THEN
      RAISE EXCEPTION USING ERRCODE = ${literal(guard.code)},
        MESSAGE = format(${literal(guard.message)}, format('"%s"."%s"', electrified.schema_name, electrified.table_name))${guard.detail === undefined ? '' : `,
        DETAIL = ${literal(guard.detail)}`};
    END IF;`,
  )
  return doBlock(`
DECLARE
  electrified record;
BEGIN
  IF to_regclass('electric.electrified') IS NOT NULL THEN${checks.join('')}
  END IF;
  EXECUTE ${dollarQuoted(statement)};
END`)
}

function doBlock(body: string): string {
  return `DO ${dollarQuoted(body)}`
}

/** $electrify$…$electrify$, with a tag that does not occur in the text. */
function dollarQuoted(text: string): string {
  let tag = '$electrify$'
  while (text.includes(tag)) tag = tag.replace(/\$$/, '_$')
  return `${tag}${text}${tag}`
}

/** A double-quoted SQL identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

export function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`
}
