import { PassThrough } from 'node:stream'
import { expect, test } from 'vitest'
import { askMigrationName } from '../../src/cli/ask-name.js'

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
