/** Fails fast, before anything is written, when nothing listens where the proxy should be (the first question of the probe, probe-proxy.ts). */
import net from 'node:net'
import { ElectrifyError } from '../errors.js'
import { hostAndPort } from './redact-url.js'

export async function checkReachable(url: string, from: string, timeoutMs = 5000): Promise<void> {
  const { host, port } = hostAndPort(url)
  const problem = await new Promise<string | undefined>((resolve) => {
    const socket = net.connect({ host, port })
    socket.setTimeout(timeoutMs)
    socket.once('connect', () => {
      socket.destroy()
      resolve(undefined)
    })
    socket.once('timeout', () => {
      socket.destroy()
      resolve(`no answer within ${timeoutMs / 1000} s`)
    })
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message))
  })
  if (problem) {
    throw new ElectrifyError(`cannot reach the Electric proxy at ${host}:${port} (${problem}); the proxy URL came from ${from}`, {
      code: 'proxy/unreachable',
      hint: 'Start Electric (its migrations proxy listens on PG_PROXY_PORT, 65432 by default), or point electrify at it with --proxy-url, -e <file> or .env.proxy.',
    })
  }
}
