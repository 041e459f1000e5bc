import { spawn } from 'node:child_process'
import { chmod, chown, lstat, mkdir, readdir, readFile, readlink, stat, symlink, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import { ElectrifyError } from '../../src/errors.js'
import { writeFileAtomic } from '../../src/fs/write-file-atomic.js'
import { tempProject } from '../commands/temp-project.js'

const isRoot = process.getuid?.() === 0
const NOBODY = 65534

async function failure(promise: Promise<unknown>): Promise<ElectrifyError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(ElectrifyError)
  return error as ElectrifyError
}

test('replaces the content and leaves nothing else in the folder', async () => {
  const dir = await tempProject({ 'migration.sql': 'old\n' })
  const file = path.join(dir, 'migration.sql')
  await writeFileAtomic(file, 'new\n')
  expect(await readFile(file, 'utf8')).toBe('new\n')
  expect(await readdir(dir)).toEqual(['migration.sql'])
})

describe('symbolic links', () => {
  test('a linked file keeps its link; the target gets the content, written beside the target', async () => {
    const dir = await tempProject({ 'shared/real.sql': 'old\n', 'prisma/migrations/1_init/.keep': '' })
    const link = path.join(dir, 'prisma/migrations/1_init/migration.sql')
    await symlink('../../../shared/real.sql', link)
    await writeFileAtomic(link, 'new\n')
    expect((await lstat(link)).isSymbolicLink()).toBe(true)
    expect(await readlink(link)).toBe('../../../shared/real.sql')
    expect(await readFile(path.join(dir, 'shared/real.sql'), 'utf8')).toBe('new\n')
    expect(await readdir(path.join(dir, 'shared'))).toEqual(['real.sql'])
    expect((await readdir(path.dirname(link))).sort()).toEqual(['.keep', 'migration.sql'])
  })

  test('a chain of links is followed to the end; a dangling link creates its target', async () => {
    const dir = await tempProject({ 'real.sql': 'old\n' })
    await symlink('real.sql', path.join(dir, 'b.sql'))
    await symlink(path.join(dir, 'b.sql'), path.join(dir, 'a.sql'))
    await writeFileAtomic(path.join(dir, 'a.sql'), 'new\n')
    expect(await readFile(path.join(dir, 'real.sql'), 'utf8')).toBe('new\n')
    expect((await lstat(path.join(dir, 'a.sql'))).isSymbolicLink()).toBe(true)
    expect((await lstat(path.join(dir, 'b.sql'))).isSymbolicLink()).toBe(true)

    await symlink('later.sql', path.join(dir, 'dangling.sql'))
    await writeFileAtomic(path.join(dir, 'dangling.sql'), 'created\n')
    expect(await readFile(path.join(dir, 'later.sql'), 'utf8')).toBe('created\n')
    expect((await lstat(path.join(dir, 'dangling.sql'))).isSymbolicLink()).toBe(true)
  })

  test('a loop of links is a clear error', async () => {
    const dir = await tempProject({})
    await symlink('b.sql', path.join(dir, 'a.sql'))
    await symlink('a.sql', path.join(dir, 'b.sql'))
    const error = await failure(writeFileAtomic(path.join(dir, 'a.sql'), 'x'))
    expect(error).toMatchObject({ code: 'fs/symlink-loop', file: path.join(dir, 'a.sql') })
  })
})

describe('owner and mode', () => {
  test.runIf(isRoot)("as root, a user's 0640 file stays the user's 0640 file", async () => {
    const dir = await tempProject({ 'migration.sql': 'old\n' })
    const file = path.join(dir, 'migration.sql')
    await chown(file, NOBODY, NOBODY)
    await chmod(file, 0o640)
    await writeFileAtomic(file, 'new\n')
    const after = await stat(file)
    expect({ uid: after.uid, gid: after.gid, mode: after.mode & 0o7777 }).toEqual({ uid: NOBODY, gid: NOBODY, mode: 0o640 })
    expect(await readFile(file, 'utf8')).toBe('new\n')
  })

  test('modes the umask would change are kept (0666, 0755)', async () => {
    const dir = await tempProject({ 'a.sql': 'old\n', 'b.sh': 'old\n' })
    await chmod(path.join(dir, 'a.sql'), 0o666)
    await chmod(path.join(dir, 'b.sh'), 0o755)
    await writeFileAtomic(path.join(dir, 'a.sql'), 'new\n')
    await writeFileAtomic(path.join(dir, 'b.sh'), 'new\n')
    expect((await stat(path.join(dir, 'a.sql'))).mode & 0o7777).toBe(0o666)
    expect((await stat(path.join(dir, 'b.sh'))).mode & 0o7777).toBe(0o755)
  })

  test('a new file gets the mode any new file gets (0666 less the umask)', async () => {
    const dir = await tempProject({})
    await writeFile(path.join(dir, 'plain.sql'), 'x')
    await writeFileAtomic(path.join(dir, 'atomic.sql'), 'x')
    expect((await stat(path.join(dir, 'atomic.sql'))).mode).toBe((await stat(path.join(dir, 'plain.sql'))).mode)
  })
})

describe('read-only files', () => {
  test('a read-only file is refused (also as root) and left as it was', async () => {
    const dir = await tempProject({ 'migration.sql': 'old\n' })
    const file = path.join(dir, 'migration.sql')
    await chmod(file, 0o444)
    const error = await failure(writeFileAtomic(file, 'new\n'))
    expect(error).toMatchObject({ code: 'fs/read-only', file, exitCode: 1 })
    expect(error.message).toContain(`${file} is read-only (mode 0444)`)
    expect(error.hint).toContain('chmod u+w')
    expect(await readFile(file, 'utf8')).toBe('old\n')
    expect(await readdir(dir)).toEqual(['migration.sql'])
  })

  test('a link to a read-only file is refused, naming both', async () => {
    const dir = await tempProject({ 'real.sql': 'old\n' })
    await chmod(path.join(dir, 'real.sql'), 0o400)
    await symlink('real.sql', path.join(dir, 'link.sql'))
    const error = await failure(writeFileAtomic(path.join(dir, 'link.sql'), 'new\n'))
    expect(error.message).toContain(`${path.join(dir, 'link.sql')} (a link to ${path.join(dir, 'real.sql')}) is read-only (mode 0400)`)
    expect(await readFile(path.join(dir, 'real.sql'), 'utf8')).toBe('old\n')
  })
})

describe('temporary files', () => {
  test('a failed write removes its temporary file', async () => {
    const dir = await tempProject({})
    // A folder where the file should be: everything up to the rename succeeds, the rename fails.
    await mkdir(path.join(dir, 'migration.sql'))
    await expect(writeFileAtomic(path.join(dir, 'migration.sql'), 'new\n')).rejects.toThrow(/EISDIR|EEXIST|ENOTEMPTY/)
    expect(await readdir(dir)).toEqual(['migration.sql'])
  })

  test("leftovers of a killed write of the same file are removed; a live writer's and other files' are kept", async () => {
    const deadPid = 4_194_305 // above Linux's highest pid_max: no process has it
    const leftovers = {
      old: `.migration.sql.electrify-deadbeef.tmp`,
      dead: `.migration.sql.electrify-${deadPid}-0a1b2c3d.tmp`,
      live: `.migration.sql.electrify-${process.ppid}-0a1b2c3d.tmp`,
      other: `.schema.sql.electrify-${deadPid}-0a1b2c3d.tmp`,
    }
    const dir = await tempProject({ 'migration.sql': 'old\n', ...Object.fromEntries(Object.values(leftovers).map((name) => [name, 'partial'])) })
    await writeFileAtomic(path.join(dir, 'migration.sql'), 'new\n')
    expect((await readdir(dir)).sort()).toEqual([leftovers.live, leftovers.other, 'migration.sql'].sort())
  })

  test('a process that exits during a write leaves no temporary file', async () => {
    const dir = await tempProject({ 'migration.sql': 'old\n' })
    const script = fileURLToPath(new URL('./exit-during-write.mjs', import.meta.url))
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [script, path.join(dir, 'migration.sql')])
      let stdout = ''
      let stderr = ''
      child.stdout.on('data', (chunk) => (stdout += chunk))
      child.stderr.on('data', (chunk) => (stderr += chunk))
      child.on('close', (code) => resolve({ code, stdout, stderr }))
    })
    expect(result.stderr).toBe('')
    expect(result).toMatchObject({ code: 130, stdout: expect.stringMatching(/^exited while writing \.migration\.sql\.electrify-\d+-[0-9a-f]{8}\.tmp\n$/) })
    expect(await readdir(dir)).toEqual(['migration.sql'])
    expect(await readFile(path.join(dir, 'migration.sql'), 'utf8')).toBe('old\n')
  })
})
