/** The proxy stand-in enforcing Electric's table rules at ENABLE and the additive-only rules after it. */
import { describe, expect, it } from 'vitest'
import { connect, failure } from '../harness/pg-client.js'
import { createTestDatabase, proxyFor } from '../harness/in-test.js'
import { withClient } from '../harness/postgres.js'

/** A fresh database, and a client connected to it through a proxy stand-in configured with it. */
async function throughProxy() {
  const directUrl = await createTestDatabase()
  return { ...(await connect((await proxyFor(directUrl)).url())), directUrl }
}

const electrifiedTables = (directUrl: string) =>
  withClient(directUrl, async (c) => (await c.query(`SELECT table_name FROM electric.electrified ORDER BY 1`).catch(() => ({ rows: [] }))).rows.map((r) => r.table_name))

const ADDITIVE = 'Electric currently only supports additive migrations (ADD COLUMN, ADD INDEX)'

describe('proxy stand-in: ENABLE validates the table like electric.electrify', () => {
  it('accepts what Prisma makes of a valid model: uuid/text ids, TIMESTAMP(3), unsized VARCHAR, jsonb, enums, unique indexes, NOT NULL', async () => {
    const { client, tags, directUrl } = await throughProxy()
    await client.query(`CREATE TYPE "Role" AS ENUM ('reader', 'Writer_2');
CREATE TABLE "Item" ("id" TEXT NOT NULL, "at" TIMESTAMP(3) NOT NULL, "tz" TIMESTAMPTZ(6), "v" VARCHAR, "j" JSONB, "b" BYTEA, "n" INTEGER, "s" SMALLINT,
  "g" BIGINT, "f" DOUBLE PRECISION, "r" REAL, "ok" BOOLEAN, "u" UUID, "d" DATE, "t" TIME(3), "role" "Role" NOT NULL, CONSTRAINT "Item_pkey" PRIMARY KEY ("id"));
CREATE UNIQUE INDEX "Item_u_key" ON "Item"("u");
ALTER TABLE "Item" ENABLE ELECTRIC`)
    expect(tags.at(-1)).toBe('ELECTRIC ENABLE')
    expect(await electrifiedTables(directUrl)).toEqual(['Item'])
  })

  it.each([
    ['a table outside public (EX014)', 'CREATE SCHEMA other; CREATE TABLE other."T" (id text PRIMARY KEY)', 'other."T"', 'EX014', 'Cannot electrify "other"."T" because only tables in the default `public` schema can be electrified.\n\nSee https://electric-sql.com/docs/usage/data-modelling/migrations#limitations\nto learn more about the current limitations of electrified tables.'],
    ['a table without primary key (EX015)', 'CREATE TABLE "T" (id text NOT NULL)', '"T"', 'EX015', 'Cannot electrify "public"."T" because it does not have a primary key'],
    [
      'unsupported column types (EX005), listing them like the procedure',
      'CREATE TABLE "T" (id text PRIMARY KEY, "price" DECIMAL(65,30), "name" VARCHAR(191), "tags" TEXT[], "doc" JSON)',
      '"T"',
      'EX005',
      'Cannot electrify "public."T"" because some of its columns have types not supported by Electric:\n  price numeric(65,30)\n  name character varying(191)\n  tags text[]\n  doc json',
    ],
    [
      'columns with DEFAULT, identity or serial (EX006)',
      'CREATE TABLE t (id SERIAL PRIMARY KEY, "createdAt" TIMESTAMP(3) DEFAULT CURRENT_TIMESTAMP, n int GENERATED ALWAYS AS IDENTITY)',
      't',
      'EX006',
      'Cannot electrify "public.t" because some of its columns have DEFAULT expression which is not currently supported by Electric:\n  id\n  "createdAt"\n  n',
    ],
    ['enum labels Electric rejects (EX016)', `CREATE TYPE "Mood" AS ENUM ('ok', 'not ok', '1st'); CREATE TABLE t (id text PRIMARY KEY, m "Mood")`, 't', 'EX016', 'Cannot electrify ENUM "public"."Mood" because it contains unsupported values: ["not ok", "1st"]'],
    ['a CHECK constraint (EX011)', 'CREATE TABLE t (id text PRIMARY KEY, n int CHECK (n > 0))', 't', 'EX011', 'Cannot electrify column with CHECK constraint'],
    ['a UNIQUE constraint (EX011)', 'CREATE TABLE t (id text PRIMARY KEY, n int UNIQUE)', 't', 'EX011', 'Cannot electrify column with UNIQUE constraint'],
  ])('rejects %s and rolls the script back', async (_, create, name, code, message) => {
    const { client, directUrl } = await throughProxy()
    const error = await failure(client.query(`${create}; ALTER TABLE ${name} ENABLE ELECTRIC`))
    expect([error.code, error.message, error.where]).toEqual([code, message, undefined])
    expect(await electrifiedTables(directUrl)).toEqual([])
  })

  it('does not reject a foreign key to a table that is not electrified (Electric 0.12 did not check it)', async () => {
    const { client, directUrl } = await throughProxy()
    await client.query(`CREATE TABLE plain (id text PRIMARY KEY); CREATE TABLE t (id text PRIMARY KEY, p text REFERENCES plain(id)); ALTER TABLE t ENABLE ELECTRIC`)
    expect(await electrifiedTables(directUrl)).toEqual(['t'])
  })
})

describe('proxy stand-in: only additive changes to an electrified table', () => {
  const setup = `CREATE TYPE "Mood" AS ENUM ('ok', 'not ok'); CREATE TYPE "Level" AS ENUM ('low', 'high');
CREATE TABLE "User" (id text PRIMARY KEY);
CREATE TABLE "Post" (id text PRIMARY KEY, title text NOT NULL, "authorId" text NOT NULL, CONSTRAINT "Post_author_fkey" FOREIGN KEY ("authorId") REFERENCES "User"(id));
CREATE TABLE plain (id int PRIMARY KEY);
ALTER TABLE "User" ENABLE ELECTRIC; ALTER TABLE "Post" ENABLE ELECTRIC`

  it('allows ADD COLUMN (NOT NULL, supported types without modifier, enums), CREATE/DROP INDEX, and anything on other tables', async () => {
    const { client, tags } = await throughProxy()
    await client.query(setup)
    await client.query(`ALTER TABLE "Post" ADD COLUMN "at" TIMESTAMP NOT NULL, ADD COLUMN "v" VARCHAR, ADD COLUMN "n" INTEGER, ADD COLUMN "level" "Level";
CREATE UNIQUE INDEX "Post_title_key" ON "Post"("title"); DROP INDEX "Post_title_key";
ALTER TABLE plain ADD COLUMN x numeric DEFAULT 1; ALTER TABLE plain DROP COLUMN x; DROP TABLE plain`)
    expect(tags.slice(-6)).toEqual(['ALTER TABLE', 'CREATE INDEX', 'DROP INDEX', 'ALTER TABLE', 'ALTER TABLE', 'DROP TABLE'])
  })

  it.each([
    ['ALTER TABLE "Post" ADD COLUMN "publishedAt" TIMESTAMP(3)', 'EX005', 'Cannot electrify column of type "timestamp(3)"'],
    ['ALTER TABLE "Post" ADD COLUMN "price" DECIMAL(65,30)', 'EX005', 'Cannot electrify column of type "numeric(65,30)"'],
    ['ALTER TABLE "Post" ADD COLUMN "tags" TEXT[]', 'EX005', 'Cannot electrify column of type "text[]"'],
    ['ALTER TABLE "Post" ADD COLUMN "n" SERIAL', 'EX005', 'Cannot electrify column of type "serial"'],
    ['ALTER TABLE "Post" ADD COLUMN "mood" "Mood"', 'EX016', 'Cannot electrify ENUM "Mood" because it contains unsupported values'],
    ['ALTER TABLE "Post" ADD COLUMN "n" INTEGER NOT NULL DEFAULT 0', 'EX006', 'Cannot electrify column with DEFAULT clause'],
    ['ALTER TABLE "Post" ADD COLUMN "slug" TEXT UNIQUE', 'EX011', 'Cannot electrify column with UNIQUE constraint'],
    ['ALTER TABLE "Post" ADD COLUMN "u" TEXT REFERENCES "User"(id)', 'EX011', 'Cannot electrify column with FOREIGN KEY constraint'],
    ['ALTER TABLE "Post" DROP COLUMN "title"', 'EX010', 'Cannot drop column "title" of electrified table "public"."Post"'],
    ['ALTER TABLE "Post" ALTER COLUMN "title" TYPE VARCHAR', 'EX009', 'Cannot change type of column "title" of electrified table "public"."Post"'],
    ['ALTER TABLE "Post" ALTER COLUMN "title" SET DEFAULT \'x\'', 'EX007', 'Cannot alter column "title" of electrified table "public"."Post"'],
    ['ALTER TABLE "Post" ALTER COLUMN "title" DROP NOT NULL', 'EX007', 'Cannot alter column "title" of electrified table "public"."Post"'],
    ['ALTER TABLE "Post" ADD CONSTRAINT "Post_title_check" CHECK (title <> \'\')', 'EX007', 'Cannot alter column "" of electrified table "public"."Post"'],
    ['ALTER TABLE "Post" ADD CONSTRAINT "Post_title_key" UNIQUE ("title")', 'EX007', 'Cannot alter column "title" of electrified table "public"."Post"'],
    ['ALTER TABLE "Post" DROP CONSTRAINT "Post_author_fkey"', 'EX007', 'Cannot alter column "Post_author_fkey" of electrified table "public"."Post"'],
    ['ALTER TABLE "Post" RENAME COLUMN "title" TO "name"', 'EX008', 'Cannot rename column "title" of electrified table "public"."Post"'],
    ['ALTER TABLE "Post" RENAME CONSTRAINT "Post_pkey" TO "pk"', 'EX012', 'Cannot rename constraint "Post_pkey" of electrified table "public"."Post"'],
    ['ALTER TABLE "Post" RENAME TO "Article"', 'EX002', 'Cannot rename electrified table "public"."Post"'],
    ['DROP TABLE "Post"', 'EX100', 'Cannot DROP Electrified table "public"."Post"'],
    ['CREATE SCHEMA other; ALTER TABLE "Post" SET SCHEMA other', 'EX100', 'Invalid destructive migration on Electrified table "public"."Post"'],
  ])('%s → %s', async (statement, code, message) => {
    const { client } = await throughProxy()
    await client.query(setup)
    const error = await failure(client.query(statement))
    expect([error.code, error.message, error.detail, error.where]).toEqual([code, message, ADDITIVE, undefined])
  })

  it('sees tables electrified earlier in the same script, and ignores tables electrified nowhere', async () => {
    const { client } = await throughProxy()
    await client.query('CREATE TABLE a (id text PRIMARY KEY, x text); ALTER TABLE a DROP COLUMN x') // nothing electrified yet
    const error = await failure(client.query('ALTER TABLE a ENABLE ELECTRIC; ALTER TABLE a ADD COLUMN y int DEFAULT 1'))
    expect(error.code).toBe('EX006')
  })
})
