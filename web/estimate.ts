/**
 * Starts an estimate on the server (`/api/estimate`, Server-Sent Events) and follows it:
 * a progress bar while it runs, then the result overlaid like a dropped file.
 */
import type { ExplorerConfig } from '../src/report/html/explorer.js'

const byId = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T

/** Runs one estimate of `path` in served directory `dir`; `done` gets the results JSON text. */
export function runEstimate(
  config: ExplorerConfig,
  dir: number,
  path: string,
  done: (text: string, name: string) => void,
): void {
  const status = byId<HTMLSpanElement>('estimate-status')
  const progress = byId<HTMLProgressElement>('estimate-progress')
  const query = new URLSearchParams({
    token: config.token ?? '',
    dir: String(dir),
    path,
    k: `${byId<HTMLInputElement>('kmin').value}..${byId<HTMLInputElement>('kmax').value}`,
    ci: byId<HTMLInputElement>('estimate-ci').value,
    center: byId<HTMLInputElement>('estimate-center').checked ? '1' : '0',
  })
  const source = new EventSource(`/api/estimate?${query}`)
  status.textContent = `estimating ${path} ...`
  progress.value = 0
  source.addEventListener('progress', (e) => {
    const { done: d, total } = JSON.parse((e as MessageEvent<string>).data) as { done: number; total: number }
    progress.max = total
    progress.value = d
    status.textContent = `estimating ${path}: ${d.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} random sets ranked`
  })
  source.addEventListener('result', (e) => {
    source.close()
    progress.value = progress.max
    status.textContent = `${path}: done.`
    done((e as MessageEvent<string>).data, `${path.split('/').pop()} (estimate)`)
  })
  source.addEventListener('failed', (e) => {
    source.close()
    status.textContent = `${path}: ${(JSON.parse((e as MessageEvent<string>).data) as { message: string }).message}`
  })
  source.onerror = () => {
    if (source.readyState === EventSource.CLOSED) return
    source.close()
    if (!status.textContent?.endsWith('done.')) status.textContent = `${path}: the server closed the stream.`
  }
}
