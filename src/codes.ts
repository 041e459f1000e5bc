/**
 * Every code electrify gives an error (ElectrifyError) or a finding (Finding): the stable identifiers
 * users and scripts match on in `--json`. Each has one line saying when it is given and the page of
 * docs/ that documents it. `code` is typed by this registry, so an unregistered code fails typecheck;
 * test/codes.test.ts checks that each code is on its page and that src/ uses no code missing here.
 */

/** A page of docs/. */
export type DocPage = 'annotation.md' | 'check.md' | 'deploy.md' | 'inject.md' | 'one-shot.md' | 'pre-commit.md' | 'rules.md' | 'safety.md' | 'status.md'

export interface CodeInfo {
  /** When it is given, in one line. */
  when: string
  /** The docs/ page that documents it; null for a code the user never sees. */
  doc: DocPage | null
}

export const CODES = {
  // The schema and where it is.
  'schema/invalid': { doc: 'annotation.md', when: "Prisma's parser rejects the schema" },
  'project/schema-not-found': { doc: 'annotation.md', when: 'no schema where Prisma looks, or a --schema / configured path that does not exist' },
  'project/config-unresolved': { doc: 'annotation.md', when: 'the schema or migrations path in prisma.config.ts cannot be read without running the file' },
  'project/package-json-invalid': { doc: 'annotation.md', when: 'package.json is not JSON, or its prisma.schema is not a string' },
  'annotation/two-slash-comment': { doc: 'annotation.md', when: '`// @electric` with two slashes: Prisma drops it, the model is not annotated' },
  'annotation/misplaced': { doc: 'annotation.md', when: '`/// @electric` inside a model or separated from it by a blank line' },
  'annotation/not-a-model': { doc: 'annotation.md', when: '`@electric` on an enum, a view or a composite type' },
  'annotation/near-miss': { doc: 'annotation.md', when: 'a word that looks like `@electric` but is not it' },

  // Statements in the migrations.
  'migration/invalid-statement': { doc: 'check.md', when: 'a statement that is not valid PostgreSQL (not checked against the rules)' },
  'migration/invalid-ddlx': { doc: 'check.md', when: 'DDLX Electric cannot read ("Invalid ELECTRIC statement")' },
  'migration/unsupported-ddlx': { doc: 'check.md', when: 'DDLX Electric 0.x does not support (EX001): GRANT, ASSIGN, …' },

  // `electrify check`.
  'check/not-electrified': { doc: 'check.md', when: "an annotated model's table exists but no migration electrifies it" },
  'check/table-not-created': { doc: 'check.md', when: 'an annotated model whose table no migration creates' },
  'check/electrified-not-annotated': { doc: 'check.md', when: 'a migration electrifies the table of a model that is not annotated' },
  'check/electrified-without-model': { doc: 'check.md', when: 'a migration electrifies a table no model maps to' },
  'check/electrify-unknown-table': { doc: 'check.md', when: 'ENABLE ELECTRIC for a table that does not exist at that point' },
  // Never shown: always hidden by placement/enable-before-foreign-key; issue 9 (item 2) removes it.
  'check/migration-not-staged': { doc: 'check.md', when: '--staged: a migration folder in the working tree that is not staged' },
  'check/schema-not-staged': { doc: 'check.md', when: '--staged: the schema is not in the git index' },
  'git/not-found': { doc: 'check.md', when: 'git is not installed or not on PATH' },
  'git/not-a-repository': { doc: 'check.md', when: '--staged (or hook install) outside a git repository' },
  'git/failed': { doc: 'check.md', when: 'a git command failed' },

  // Electric's rules (pre-flight, history, new migration) and the runs they stop.
  'preflight/schema-not-public': { doc: 'rules.md', when: 'an annotated model outside schema public (EX014)' },
  'preflight/no-primary-key': { doc: 'rules.md', when: 'an annotated model without @id or @@id (EX015)' },
  'preflight/database-default': { doc: 'rules.md', when: 'a field with a database DEFAULT (EX006)' },
  'preflight/unsupported-type': { doc: 'rules.md', when: 'a field of a type Electric does not support (EX005)' },
  'preflight/enum-label': { doc: 'rules.md', when: 'an enum label Electric rejects (EX016)' },
  'preflight/foreign-key-target': { doc: 'rules.md', when: 'a foreign key to a model that is not annotated' },
  'preflight/unique': { doc: 'rules.md', when: '@unique / @@unique: not enforced across offline clients (warning)' },
  'additive/column-type': { doc: 'rules.md', when: 'ADD COLUMN of an unsupported type on an electrified table (EX005)' },
  'additive/column-default': { doc: 'rules.md', when: 'ADD COLUMN … DEFAULT on an electrified table (EX006)' },
  'additive/column-constraint': { doc: 'rules.md', when: 'ADD COLUMN with a constraint on an electrified table (EX011)' },
  'additive/drop-column': { doc: 'rules.md', when: 'DROP COLUMN on an electrified table (EX010)' },
  'additive/alter-column': { doc: 'rules.md', when: 'ALTER COLUMN (type, default, NOT NULL, …) on an electrified table (EX009/EX007)' },
  'additive/add-constraint': { doc: 'rules.md', when: 'ADD CONSTRAINT on an electrified table (EX007)' },
  'additive/drop-constraint': { doc: 'rules.md', when: 'DROP CONSTRAINT on an electrified table (EX007)' },
  'additive/rename': { doc: 'rules.md', when: 'a rename or SET SCHEMA on an electrified table (EX002/EX008/EX012/EX003/EX100)' },
  'additive/drop-table': { doc: 'rules.md', when: 'DROP TABLE of an electrified table (EX100)' },
  'ddlx/comment-semicolon': { doc: 'rules.md', when: 'a `;` in a comment next to DDLX: the proxy cuts the DDLX there (00000)' },
  'ddlx/block-comment': { doc: 'rules.md', when: 'a /* */ comment that the proxy reads as part of DDLX (00000)' },
  'ddlx/comment-quote': { doc: 'rules.md', when: 'a quote in a comment next to DDLX that the proxy takes for a string (crash or 00000)' },
  'ddlx/trailing-comment': { doc: 'rules.md', when: 'DDLX that the proxy reads as ending in a -- comment (crash)' },
  'ddlx/non-ascii': { doc: 'rules.md', when: 'DDLX after a non-ASCII character in its migration: the proxy misses it (42601)' },
  'ddlx/keyword-name': { doc: 'rules.md', when: 'an unquoted name in DDLX that is a DDLX keyword, e.g. `read` (00000)' },
  'ddlx/invalid': { doc: 'rules.md', when: "DDLX Electric's grammar rejects (00000 Invalid ELECTRIC statement)" },
  'ddlx/crash': { doc: 'rules.md', when: 'DDLX the proxy crashes on: ELECTRIC SQLITE, GRANT with an unquoted role, …' },
  'migration/do-block': { doc: 'rules.md', when: 'a DO block: the proxy drops the connection, also on the shadow database' },
  'migration/empty': { doc: 'rules.md', when: 'a migration with no statement: the proxy never answers it (warning)' },
  'placement/enable-before-foreign-key': { doc: 'rules.md', when: 'ENABLE ELECTRIC before a foreign key on the same table in the same migration (EX007)' },
  'rules/preflight-failed': { doc: 'rules.md', when: 'pre-flight found errors; nothing was run' },
  'rules/history-rejected': { doc: 'rules.md', when: 'a pending migration holds what the proxy would refuse (what `check` reports as an error in it); nothing was run' },
  'rules/migration-rejected': { doc: 'rules.md', when: 'the new migration breaks the rules; created, not applied' },
  'migrate/apply-failed': { doc: 'rules.md', when: 'applying the new migration through the proxy failed' },
  'migrate/prisma-failed': { doc: 'rules.md', when: 'a Prisma command failed before the DDLX was appended' },

  // The one-shot run (and watch).
  'usage/name-required': { doc: 'one-shot.md', when: 'no --name outside a terminal, or the input ended at the name prompt' },
  'usage/unknown-option': { doc: 'one-shot.md', when: 'an option the command does not take (also --env-file, which is -e/--env)' },
  'usage/unknown-command': { doc: 'one-shot.md', when: 'a first word that is no command (a typo)' },
  'usage/too-many-arguments': { doc: 'one-shot.md', when: 'more arguments than the command takes' },
  'usage/missing-value': { doc: 'one-shot.md', when: 'an option or argument given without its value' },
  'usage/invalid-value': { doc: 'one-shot.md', when: "an option's value is invalid, e.g. empty (--name \"$UNSET\")" },
  'usage/missing-command': { doc: 'one-shot.md', when: 'a command that needs a subcommand was given none (electrify hook)' },
  'usage/invalid': { doc: 'one-shot.md', when: 'any other mistake in the command line' },
  'prisma/empty-command': { doc: 'one-shot.md', when: '--prisma with an empty command' },
  'prisma/bad-command': { doc: 'one-shot.md', when: '--prisma with an unbalanced quote' },
  'prisma/not-found': { doc: 'one-shot.md', when: 'no Prisma CLI in node_modules/.bin of the project or a folder above it' },
  'prisma/unsupported-version': { doc: 'one-shot.md', when: 'the project installs a Prisma major electrify does not support (it supports 5, 6 and 7)' },
  'proxy/env-file-unreadable': { doc: 'one-shot.md', when: 'the -e/--env file cannot be read' },
  'proxy/no-database-url': { doc: 'one-shot.md', when: 'the env file has no DATABASE_URL' },
  'proxy/invalid-url': { doc: 'one-shot.md', when: 'the proxy URL is not a postgresql:// URL' },
  'proxy/unreachable': { doc: 'one-shot.md', when: 'nothing listens at the proxy URL' },

  // How Prisma's connections are routed through the proxy (src/routing).
  'routing/literal-url': { doc: 'one-shot.md', when: 'a URL Migrate uses is written literally and is not the proxy' },
  'routing/no-url': { doc: 'one-shot.md', when: 'the datasource gives Migrate no URL at all' },
  'routing/url-unknown': { doc: 'one-shot.md', when: 'the URL is computed in code, so electrify cannot point it at the proxy' },
  'routing/adapter-url-unknown': { doc: 'one-shot.md', when: 'a Prisma 6 driver adapter connects with a variable electrify cannot tell' },
  'routing/shadow-name': { doc: 'one-shot.md', when: "the shadow database's name does not start with prisma_migrate_shadow_db, so through the proxy it would be Electric's own database" },
  'routing/shadow-unknown': { doc: 'one-shot.md', when: 'whether, or where, a shadow URL is set cannot be read' },
  'routing/shadow-unset': { doc: 'one-shot.md', when: "the shadow URL is read with env('X') and X is unset" },
  'routing/shadow-invalid': { doc: 'one-shot.md', when: 'the shadow URL is not a URL' },
  'proxy/auth-failed': { doc: 'safety.md', when: 'the proxy refused the user name or password' },
  'proxy/database-missing': { doc: 'safety.md', when: 'the server behind the proxy URL has no such database' },
  'proxy/refused': { doc: 'safety.md', when: 'the proxy URL cannot be connected to for another reason' },
  'proxy/reserved-user': { doc: 'safety.md', when: 'the proxy URL uses a user name (`prisma`, `transparent`) that switches Electric\'s proxy into another mode' },
  'proxy/plain-postgres': { doc: 'safety.md', when: 'the proxy URL leads to plain PostgreSQL, not Electric\'s proxy' },
  'proxy/unrecognised': { doc: 'safety.md', when: 'the server at the proxy URL answered the probe neither as Electric nor as PostgreSQL' },
  'db/unreachable': { doc: 'safety.md', when: 'nothing listens at a database URL electrify reads' },
  'db/auth-failed': { doc: 'safety.md', when: 'a database refused the user name or password' },
  'db/database-missing': { doc: 'safety.md', when: 'a database URL names a database that does not exist' },
  'db/refused': { doc: 'safety.md', when: 'a database cannot be connected to for another reason' },
  'project/locked': { doc: 'safety.md', when: 'another run holds the project\'s lock and this one was asked not to wait' },
  'project/lock-failed': { doc: 'safety.md', when: 'the project\'s lock cannot be taken or was lost' },
  'fs/read-only': { doc: 'safety.md', when: 'a file electrify must rewrite is read-only' },
  'fs/cannot-keep-owner': { doc: 'safety.md', when: 'a rewritten file could not keep its owner' },
  'fs/symlink-loop': { doc: 'safety.md', when: 'a migration file is a loop of symbolic links' },
  'migrations/cannot-name-last': { doc: 'safety.md', when: 'no migration name can sort after an existing folder' },
  'migrate/interrupted': { doc: 'one-shot.md', when: 'stopped by Ctrl-C (a Prisma command, or the name prompt)' },
  'migrate/prisma-reset-needed': { doc: 'one-shot.md', when: "Prisma's migrate dev stopped because it wants to reset the database (drift, or an applied migration changed)" },
  internal: { doc: 'one-shot.md', when: 'an error electrify did not expect (a bug), in --json output' },

  // `electrify inject`.
  'inject/unknown-migration': { doc: 'inject.md', when: 'the migration argument names no migration, or several' },
  'plan/no-migrations': { doc: 'inject.md', when: 'there is no migration to electrify' },
  'plan/unknown-migration': { doc: 'inject.md', when: 'the target migration is not in the history' },
  'plan/table-not-created': { doc: 'inject.md', when: 'an annotated model whose table no migration up to the target creates' },
  'plan/ddlx-own-migration': { doc: 'inject.md', when: "the target migration has non-ASCII text: its DDLX goes into a migration of its own, after it (warning)" },
  'plan/unreadable-sql': { doc: 'safety.md', when: 'a statement electrify cannot read (invalid, or an unterminated quote that hides the rest of the file) mentions an annotated table: nothing is written' },
  'plan/electrified-later': { doc: 'inject.md', when: 'a table a migration after the target electrifies: nothing is added for it (warning)' },
  'inject/new-with-migration': { doc: 'inject.md', when: '--new together with a migration to inject into (exit 2)' },

  // `electrify deploy`.
  'deploy/check-failed': { doc: 'deploy.md', when: '`electrify check` found errors; nothing was deployed' },
  'usage/deploy-create-only': { doc: 'deploy.md', when: '`electrify --deploy` (deprecated) with `--create-only`' },
  'deploy/prisma-failed': { doc: 'deploy.md', when: '`prisma migrate deploy` failed through the proxy' },

  // `electrify status` (and the report that ends `electrify deploy`).
  'status/pending': { doc: 'status.md', when: 'a migration of the folder is not applied yet' },
  'status/failed': { doc: 'status.md', when: 'Prisma recorded a migration as failed' },
  'status/not-in-folder': { doc: 'status.md', when: 'the database has applied a migration the folder lacks' },
  'status/not-created': { doc: 'status.md', when: 'an annotated model whose table no migration creates' },
  'status/not-electrified': { doc: 'status.md', when: 'an annotated model whose table no migration electrifies' },
  'status/not-synced': { doc: 'status.md', when: 'the migration electrifying an annotated model is applied, but Electric does not sync the table' },
  'status/not-annotated': { doc: 'status.md', when: 'Electric syncs a table that no annotation asks for' },
  'db/read-failed': { doc: 'status.md', when: 'reading _prisma_migrations or electric.electrified failed' },

  // `electrify hook install`.
  'hook/managed-by-tool': { doc: 'pre-commit.md', when: 'the git hook is written by another tool (pre-commit, lefthook, husky)' },
} as const satisfies Record<string, CodeInfo>

/** Electric's (or PostgreSQL's) answer through the proxy, explained: `proxy/EX010`, `proxy/42P01`. */
export type ProxyAnswerCode = `proxy/${Uppercase<string>}`

/** The Electric answers are one family, documented together (a table of their codes) on one page. */
export const PROXY_ANSWER = { code: 'proxy/<code>', doc: 'rules.md', when: "Electric's answer to a failed Prisma command, explained" } as const satisfies CodeInfo & { code: string }

/** The code of an ElectrifyError or a Finding. */
export type Code = keyof typeof CODES | ProxyAnswerCode

/** `EX010` → `proxy/EX010`. Electric's and PostgreSQL's codes are upper case (`[0-9A-Z]{5}`, `EX???`). */
export function proxyAnswerCode(electricCode: string): ProxyAnswerCode {
  return `proxy/${electricCode.toUpperCase()}` as ProxyAnswerCode
}
