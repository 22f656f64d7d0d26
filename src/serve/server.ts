/**
 * `avgcon serve`: a small HTTP server on 127.0.0.1 only. It sends the theory explorer
 * page, lists the results files of the directories it was given, and sends those files;
 * nothing else. GET and HEAD only; requests whose Host is not this loopback address are
 * refused (no DNS rebinding); every failure is an HTML error page, never a crash.
 */
import { createReadStream, promises as fsp } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { basename } from 'node:path'
import { escapeHtml } from '../report/html/document.js'
import { stopEstimates, streamEstimate } from './estimate.js'
import { contentType, fsError, listFiles, PathError, resolveFile, type ServedDir } from './files.js'

/** The only address the server listens on. */
export const HOST = '127.0.0.1'

/** Options of {@link startServer}. */
export interface ServeOptions {
  /** TCP port; 0 picks a free one. */
  port: number
  dirs: ServedDir[]
  /** The explorer page (built once: it does not change while serving). */
  explorer: string
  /** The secret the explorer page holds; `/api/estimate` requires it. Empty: estimates are off. */
  token?: string
}

/** A running server: its URL and a way to stop it. */
export interface RunningServer {
  server: Server
  url: string
  port: number
  close(): Promise<void>
}

const BASE_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
}

/**
 * Limits that keep one client from holding the server: open connections, header
 * bytes, and how long a connection may sit idle or take to send its request.
 */
export const SERVE_LIMITS = {
  maxConnections: 64,
  maxHeaderSize: 16 * 1024,
  headersTimeoutMs: 5_000,
  requestTimeoutMs: 10_000,
  keepAliveTimeoutMs: 2_000,
} as const

/** Starts listening on 127.0.0.1; rejects with the listen error (e.g. EADDRINUSE). */
export function startServer(opts: ServeOptions): Promise<RunningServer> {
  const server = createServer(
    {
      requestTimeout: SERVE_LIMITS.requestTimeoutMs,
      headersTimeout: SERVE_LIMITS.headersTimeoutMs,
      keepAliveTimeout: SERVE_LIMITS.keepAliveTimeoutMs,
      maxHeaderSize: SERVE_LIMITS.maxHeaderSize,
      // Timeouts are checked every second, not every 30 s (Node's default).
      connectionsCheckingInterval: 1_000,
    },
    (req, res) => {
      handle(req, res, opts).catch((err: unknown) =>
        sendError(res, 500, 'Internal error', `avgcon serve failed on this request: ${(err as Error).message}`),
      )
    },
  )
  server.maxConnections = SERVE_LIMITS.maxConnections
  server.on('clientError', (_err, socket) => {
    // Malformed HTTP: answer 400 when the socket can still take it, then drop it.
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
    else socket.destroy()
  })
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port, HOST, () => {
      server.off('error', reject)
      const port = (server.address() as AddressInfo).port
      resolve({
        server,
        port,
        url: `http://${HOST}:${port}/`,
        close: () =>
          new Promise((done) => {
            stopEstimates()
            server.close(() => done())
            server.closeAllConnections()
          }),
      })
    })
  })
}

async function handle(req: IncomingMessage, res: ServerResponse, opts: ServeOptions): Promise<void> {
  const port = req.socket.localPort ?? 0
  const host = req.headers.host ?? ''
  if (host !== `${HOST}:${port}` && host !== `localhost:${port}`) {
    return sendError(res, 403, 'Forbidden', `This server answers requests for ${HOST}:${port} only.`)
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD')
    return sendError(res, 405, 'Method not allowed', 'avgcon serve only reads: use GET.')
  }
  const path = (req.url ?? '/').split('?')[0]!
  if (path === '/' || path === '/index.html') return send(res, 200, 'text/html; charset=utf-8', opts.explorer)
  if (path === '/api/files')
    return send(res, 200, 'application/json; charset=utf-8', JSON.stringify(await listFiles(opts.dirs)))
  if (path === '/api/estimate' && opts.token) {
    try {
      return await streamEstimate(req, res, opts.dirs, opts.token, new URL(req.url ?? '/', `http://${HOST}`))
    } catch (err) {
      if (err instanceof PathError) return sendError(res, err.status, titleOf(err.status), err.message)
      throw err
    }
  }
  if (path.startsWith('/files/')) return sendFile(req, res, opts.dirs, path.slice('/files/'.length))
  return sendError(res, 404, 'Not found', 'Nothing here: the explorer is at /, files under /files/.')
}

async function sendFile(req: IncomingMessage, res: ServerResponse, dirs: ServedDir[], rest: string): Promise<void> {
  let real: string
  let size: number
  try {
    real = await resolveFile(dirs, rest)
    const stat = await fsp.stat(real).catch((err: unknown) => {
      throw fsError(err, rest)
    })
    if (!stat.isFile()) throw new PathError(403, `"${basename(real)}" is not a regular file.`)
    size = stat.size
    // Open before answering, so an unreadable file gets its error page instead of a cut-off 200.
    await (
      await fsp.open(real, 'r').catch((err: unknown) => {
        throw fsError(err, basename(real))
      })
    ).close()
  } catch (err) {
    if (err instanceof PathError) return sendError(res, err.status, titleOf(err.status), err.message)
    throw err
  }
  res.writeHead(200, { ...BASE_HEADERS, 'Content-Type': contentType(real), 'Content-Length': size })
  if (req.method === 'HEAD') return void res.end()
  createReadStream(real)
    .on('error', () => res.destroy())
    .pipe(res)
}

function titleOf(status: number): string {
  return ({ 400: 'Bad request', 403: 'Forbidden', 404: 'Not found' } as Record<number, string>)[status] ?? 'Error'
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { ...BASE_HEADERS, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) })
  res.end(res.req.method === 'HEAD' ? undefined : body)
}

/** A small HTML page that says what went wrong. */
function sendError(res: ServerResponse, status: number, title: string, message: string): void {
  if (res.headersSent) return void res.destroy()
  const body =
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"><title>${status} ${escapeHtml(title)}</title>` +
    '<style>body{font:15px/1.5 sans-serif;max-width:640px;margin:40px auto;color:#1d2430}h1{font-size:22px}</style></head>' +
    `<body><h1>${status} ${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p><p><a href="/">Back to the theory explorer</a></p></body></html>\n`
  res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'")
  send(res, status, 'text/html; charset=utf-8', body)
}
