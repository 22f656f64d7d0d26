/**
 * Raw HTTP for the server tests: requests as bytes over a TCP socket to 127.0.0.1,
 * so malformed requests (bad request lines, bad headers, truncated bodies) can be sent.
 */
import { createConnection } from 'node:net'

/** What came back: the status (null when nothing did before the timeout) and the raw text. */
export interface RawReply {
  status: number | null
  text: string
}

/** Sends `bytes` to 127.0.0.1:`port` and collects the reply until the server closes or `timeoutMs`. */
export function rawRequest(port: number, bytes: string | Buffer, timeoutMs = 1500): Promise<RawReply> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port })
    const chunks: Buffer[] = []
    const finish = () => {
      clearTimeout(timer)
      socket.destroy()
      const text = Buffer.concat(chunks).toString('latin1')
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text)
      resolve({ status: m ? Number(m[1]) : null, text })
    }
    const timer = setTimeout(finish, timeoutMs)
    socket.on('data', (c) => chunks.push(c))
    socket.on('close', finish)
    socket.on('error', finish)
    socket.write(bytes)
  })
}

/** A well-formed GET with the right Host header. */
export function get(port: number, path: string, headers: Record<string, string> = {}): Promise<RawReply> {
  const lines = [
    `GET ${path} HTTP/1.1`,
    `Host: 127.0.0.1:${port}`,
    'Connection: close',
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
  ]
  return rawRequest(port, lines.join('\r\n') + '\r\n\r\n', 5000)
}

/** The body of a reply (after the blank line). */
export function bodyOf(reply: RawReply): string {
  const at = reply.text.indexOf('\r\n\r\n')
  return at < 0 ? '' : reply.text.slice(at + 4)
}
