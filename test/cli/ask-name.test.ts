import { PassThrough } from 'node:stream'
import { expect, test } from 'vitest'
import { askMigrationName } from '../../src/cli/ask-name.js'
import { Interrupted } from '../../src/cli/interrupt.js'

test('asks like Prisma, and again while the answer is empty', async () => {
  const input = new PassThrough()
  const output = new PassThrough()
  const answers = ['', '  add_items  ']
  let prompts = 0
  // Answer each prompt as it appears, as a person at the terminal would.
  output.on('data', (chunk: Buffer) => {
    if (!chunk.toString().includes('Enter a name for the new migration')) return
    prompts++
    input.write(`${answers.shift()}\n`)
  })
  expect(await askMigrationName(input, output)).toBe('add_items')
  expect(prompts).toBe(2)
})

/** A prompt in a terminal: readline reads keys (Ctrl-C is the byte 0x03, not a signal) when its output is a TTY. */
function terminal() {
  const input = new PassThrough()
  const output = Object.assign(new PassThrough(), { isTTY: true, columns: 80 })
  const prompted = new Promise<void>((resolve) => output.on('data', (chunk: Buffer) => chunk.toString().includes('Enter a name') && resolve()))
  return { input, output, prompted }
}

test('Ctrl-C at the prompt is an interruption (exit 130, migrate/interrupted), not an internal AbortError', async () => {
  const { input, output, prompted } = terminal()
  const asked = askMigrationName(input, output)
  await prompted
  input.write('\x03')
  const error = await asked.catch((e: unknown) => e)
  expect(error).toBeInstanceOf(Interrupted)
  expect(error).toMatchObject({ code: 'migrate/interrupted', exitCode: 130 })
})

test('Ctrl-C delivered as a signal (the run context’s) interrupts the prompt too', async () => {
  const { input, output, prompted } = terminal()
  const controller = new AbortController()
  const asked = askMigrationName(input, output, controller.signal)
  await prompted
  controller.abort()
  await expect(asked).rejects.toMatchObject({ code: 'migrate/interrupted', exitCode: 130 })
})

test('the end of input (Ctrl-D) is a missing name, exit 2, instead of a prompt left pending forever', async () => {
  const { input, output, prompted } = terminal()
  const asked = askMigrationName(input, output)
  await prompted
  input.end()
  await expect(asked).rejects.toMatchObject({ code: 'usage/name-required', exitCode: 2 })
})
