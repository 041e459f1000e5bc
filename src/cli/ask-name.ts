/** Asks for a migration name in a terminal, like `prisma migrate dev` does. */
import { createInterface } from 'node:readline/promises'

export async function askMigrationName(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<string> {
  const rl = createInterface({ input, output })
  try {
    for (;;) {
      const answer = (await rl.question('? Enter a name for the new migration: › ')).trim()
      if (answer) return answer
    }
  } finally {
    rl.close()
  }
}
