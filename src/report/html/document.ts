/**
 * The HTML shell shared by the report and the theory explorer: one self-contained
 * document with its style, data and script inlined. A Content-Security-Policy
 * forbids every network request the page could make (`connect-src` is opened to
 * the serving origin only for the explorer), so "opens offline" is enforced by the
 * browser, not just hoped for.
 */
import { PAGE_CSS } from './style.js'

/** Options of {@link htmlDocument}. */
export interface DocumentOptions {
  title: string
  /** Body markup (already escaped). */
  body: string
  /** JSON blocks: element id -> value, embedded as `<script type="application/json">`. */
  data: Record<string, unknown>
  /** The bundled page script (inlined last). */
  script: string
  /** Let the page fetch from its own origin (the explorer under `avgcon serve`). */
  connectSelf?: boolean
}

/**
 * Vega compiles expressions with `new Function`, hence 'unsafe-eval'; everything else
 * is inline. `img-src data: blob:` lets the chart menus export PNG/SVG.
 */
function contentSecurityPolicy(connectSelf: boolean): string {
  return [
    "default-src 'none'",
    "script-src 'unsafe-inline' 'unsafe-eval'",
    "style-src 'unsafe-inline'",
    'img-src data: blob:',
    `connect-src ${connectSelf ? "'self'" : "'none'"}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ')
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}

/**
 * JSON that is safe inside a `<script>` element: `<`, U+2028 and U+2029 are written
 * as \u escapes, so no "</script>" or "<!--" can end the block early; `JSON.parse`
 * gives back the same value.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
}

/** A bundled script made safe to inline: "</script" cannot close the element early. */
export function inlineScript(code: string): string {
  return code.replace(/<\/(script)/gi, '<\\/$1')
}

/** Builds the complete HTML document. */
export function htmlDocument(o: DocumentOptions): string {
  const data = Object.entries(o.data)
    .map(([id, value]) => `<script type="application/json" id="${escapeHtml(id)}">${scriptJson(value)}</script>`)
    .join('\n')
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(Boolean(o.connectSelf))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(o.title)}</title>
<style>${PAGE_CSS}</style>
</head>
<body>
${o.body}
${data}
<script>${inlineScript(o.script)}</script>
</body>
</html>
`
}
