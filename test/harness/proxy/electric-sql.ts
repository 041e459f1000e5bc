/**
 * The SQL the proxy sends in place of DDLX. Each DDLX statement becomes exactly one DO block, so it
 * runs server-side inside the client's transaction (a failure anywhere rolls the whole migration
 * back, and later statements see uncommitted enables) and still answers with one CommandComplete.
 * Electric 0.x does the same with `CALL electric.enable('"public"."T"')` against its own schema.
 */
import { quoteIdentifier, type TableName } from '../../../src/sql/identifiers.js'

/**
 * ENABLE: creates Electric's bookkeeping on first use, checks the table exists, records it in
 * electric.electrified (a second ENABLE of the same table only raises a NOTICE, as since 0.7.0).
 * Not reproduced: validation of the table, REPLICA IDENTITY, publication, shadow tables, DDL capture.
 */
export function enableSql(table: TableName): string {
  const qualified = literal(`${quoteIdentifier(table.schema)}.${quoteIdentifier(table.name)}`)
  const shown = `${table.schema}.${table.name}`
  return doBlock(`
BEGIN
  IF to_regnamespace('electric') IS NULL THEN
    CREATE SCHEMA electric;
  END IF;
  IF to_regclass('electric.electrified') IS NULL THEN
    CREATE TABLE electric.electrified (schema_name text NOT NULL, table_name text NOT NULL, oid oid PRIMARY KEY);
  END IF;
  IF to_regclass(${qualified}) IS NULL THEN
    RAISE EXCEPTION USING ERRCODE = '42P01', MESSAGE = ${literal(`relation "${shown}" does not exist`)};
  END IF;
  IF EXISTS (SELECT FROM electric.electrified WHERE oid = to_regclass(${qualified})) THEN
    RAISE NOTICE USING MESSAGE = ${literal(`table ${shown} is already electrified`)};
  ELSE
    INSERT INTO electric.electrified VALUES (${literal(table.schema)}, ${literal(table.name)}, to_regclass(${qualified}));
  END IF;
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
    IF FOUND THEN
      RAISE EXCEPTION USING ERRCODE = ${literal(guard.code)},
        MESSAGE = format(${literal(guard.message)}, format('"%s"."%s"', electrified.schema_name, electrified.table_name));
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

function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`
}
