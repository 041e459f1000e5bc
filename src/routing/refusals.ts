/** The refusals shared by the main and the shadow routing: ElectrifyErrors at the setting's place. */
import type { Code } from '../codes.js'
import { ElectrifyError } from '../errors.js'
import { redactUrl } from '../proxy/redact-url.js'
import type { SourcePosition } from '../schema/types.js'

export function refusal(code: Code, message: string, at: Partial<SourcePosition> | undefined, options: { hint: string }): ElectrifyError {
  return new ElectrifyError(message, { code, hint: options.hint, ...(at?.file ? { file: at.file } : {}), ...(at?.line ? { line: at.line } : {}) })
}

/** A literal URL that does not name the proxy: Migrate would connect without it. */
export function literalUrl(role: 'main' | 'direct' | 'shadow', at: SourcePosition, url: string): ElectrifyError {
  const what = role === 'shadow' ? 'shadowDatabaseUrl' : role === 'direct' ? 'directUrl' : 'url'
  return refusal('routing/literal-url', `${what} is written as a literal URL (${redactUrl(url)}) that is not the Electric proxy, so Migrate would connect without it`, at, {
    hint: `Read it from a variable instead, e.g. ${what} = env("${role === 'shadow' ? 'SHADOW_DATABASE_URL' : 'DATABASE_URL'}") (prisma.config.ts: env('…')): electrify points it at the proxy.`,
  })
}

export function unknownUrl(at: SourcePosition, expression: string): ElectrifyError {
  return refusal('routing/url-unknown', `cannot tell, without running it, which URL \`${expression}\` gives Migrate, so electrify cannot point it at the proxy`, at, {
    hint: "Write it as env('NAME') or process.env.NAME, or name the variable it comes from with --url-var <NAME>.",
  })
}
