/** Prisma's output cleaned of terminal codes, and condensed to the lines that say what Prisma did. */
import { expect, test } from 'vitest'
import { cleanOutput, condenseOutput } from '../../src/report/prisma-output.js'

test('cleanOutput: cursor movement, erasing, cursor hiding and titles go; colours stay only when asked; a rewritten line keeps its last text', () => {
  const text = '\u001b]0;title\u0007\u001b[?25l\u001b[1mbold\u001b[22m line\n50%\r100% done\n\u001b[2K\u001b[1A\u001b[2K\u001b[G\n'
  expect(cleanOutput(text, false)).toBe('bold line\n100% done\n\n')
  expect(cleanOutput(text, true)).toBe('\u001b[1mbold\u001b[22m line\n100% done\n\n')
})

test('condenseOutput: the migrations created or applied (named on one line), in-sync notes and warnings with their points', () => {
  const output = [
    'Prisma schema loaded from prisma/schema.prisma',
    'Datasource "db": PostgreSQL database "app", schema "public" at "localhost:65432"',
    '',
    '⚠️  Warnings for the current datasource:',
    '',
    '  • You are about to drop the column `name` on the `User` table, which still contains 1 non-null values.',
    '  • You are about to drop the column `age` on the `User` table, which still contains 1 non-null values.',
    '',
    'Applying migration `20240102000000_drop`',
    '',
    'The following migration(s) have been created and applied from new schema changes:',
    '',
    'migrations/',
    '  └─ 20240101000000_init/',
    '    └─ migration.sql',
    '  └─ 20240102000000_drop/',
    '    └─ migration.sql',
    '',
    'Your database is now in sync with your schema.',
    '',
    'Running generate... (Use --skip-generate to skip the generators)',
  ].join('\n')
  expect(condenseOutput(output)).toEqual([
    '⚠️  Warnings for the current datasource:',
    '• You are about to drop the column `name` on the `User` table, which still contains 1 non-null values.',
    '• You are about to drop the column `age` on the `User` table, which still contains 1 non-null values.',
    'Applying migration `20240102000000_drop`',
    'The following migration(s) have been created and applied from new schema changes: 20240101000000_init, 20240102000000_drop',
    'Your database is now in sync with your schema.',
  ])
  expect(condenseOutput('No pending migrations to apply.\n')).toEqual(['No pending migrations to apply.'])
})
