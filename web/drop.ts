/**
 * The explorer's overlays: results files dropped on the page or chosen with the file
 * picker, and (under `avgcon serve --dir`) files listed by the server. Each becomes a
 * run drawn on the same axes as the theory; runs can be removed again.
 */
import type { ExplorerConfig } from '../src/report/html/explorer.js'
import { runEstimate } from './estimate.js'
import { parseRunText, runFromJson, uniqueLabel, type Run } from './overlay.js'

/** The current runs, in the order they were added. */
export interface Overlays {
  runs(): Run[]
}

interface ServerFile {
  dir: number
  path: string
  size: number
  kind: 'results' | 'embeddings'
}

/** Wires the drop zone, the picker and the server list; `changed` is called whenever the runs change. */
export function setupOverlays(config: ExplorerConfig, changed: () => void): Overlays {
  const runs: Run[] = []
  const list = document.getElementById('run-list')!
  const error = document.getElementById('run-error')!
  const add = (text: string, name: string): void => {
    const run = runFromJson(
      parseRunText(text, name),
      uniqueLabel(
        name,
        runs.map((r) => r.label),
      ),
    )
    runs.push(run)
    const li = document.createElement('li')
    li.dataset.run = run.label
    const remove = document.createElement('button')
    remove.type = 'button'
    remove.textContent = 'remove'
    remove.addEventListener('click', () => {
      runs.splice(runs.indexOf(run), 1)
      li.remove()
      changed()
    })
    li.append(Object.assign(document.createElement('span'), { textContent: run.label }), remove)
    list.append(li)
  }
  const addFiles = async (files: Iterable<File>): Promise<void> => {
    const problems: string[] = []
    for (const file of files) {
      try {
        add(await file.text(), file.name)
      } catch (err) {
        problems.push((err as Error).message)
      }
    }
    error.textContent = problems.join(' ')
    changed()
  }
  const drop = document.getElementById('drop')!
  // Dropping anywhere must not navigate away from the explorer.
  for (const type of ['dragover', 'drop']) window.addEventListener(type, (e) => e.preventDefault())
  drop.addEventListener('dragover', () => drop.classList.add('over'))
  drop.addEventListener('dragleave', () => drop.classList.remove('over'))
  drop.addEventListener('drop', (e) => {
    drop.classList.remove('over')
    void addFiles(Array.from((e as DragEvent).dataTransfer?.files ?? []))
  })
  const picker = document.getElementById('files') as HTMLInputElement
  picker.addEventListener('change', () => void addFiles(Array.from(picker.files ?? [])))
  if (config.dirs.length > 0) void listServerFiles(config, add, error, changed)
  return { runs: () => runs }
}

/** Lists the server's files with a button each that overlays it. */
async function listServerFiles(
  config: ExplorerConfig,
  add: (text: string, name: string) => void,
  error: HTMLElement,
  changed: () => void,
): Promise<void> {
  const box = document.getElementById('server-files')!
  try {
    const response = await fetch('/api/files')
    if (!response.ok) throw new Error(`the server could not list its files (${response.status}).`)
    const files = (await response.json()) as ServerFile[]
    const heading = Object.assign(document.createElement('h3'), { textContent: `Files in ${config.dirs.join(', ')}` })
    const ul = Object.assign(document.createElement('ul'), { className: 'runs' })
    const estimates = Boolean(config.token) && files.some((f) => f.kind === 'embeddings')
    document.getElementById('estimate-box')!.hidden = !estimates
    for (const f of files) {
      const li = document.createElement('li')
      li.dataset.kind = f.kind
      const button = fileButton(config, f, add, error, changed)
      li.append(
        button,
        Object.assign(document.createElement('span'), { textContent: `${config.dirs[f.dir]}/${f.path}` }),
      )
      ul.append(li)
    }
    box.replaceChildren(
      heading,
      files.length > 0
        ? ul
        : Object.assign(document.createElement('p'), {
            className: 'note',
            textContent: 'No results (.json, .html) or embedding files there.',
          }),
    )
  } catch (err) {
    error.textContent = (err as Error).message
  }
}

/** "overlay" fetches a results file and adds it; "estimate" runs an estimate on an embedding file first. */
function fileButton(
  config: ExplorerConfig,
  f: ServerFile,
  add: (text: string, name: string) => void,
  error: HTMLElement,
  changed: () => void,
): HTMLButtonElement {
  const button = Object.assign(document.createElement('button'), {
    type: 'button',
    textContent: f.kind === 'results' ? 'overlay' : 'estimate',
  })
  const adding = (text: () => Promise<string> | string, name: string) => async () => {
    try {
      add(await text(), name)
      error.textContent = ''
    } catch (err) {
      error.textContent = (err as Error).message
    }
    changed()
  }
  if (f.kind === 'embeddings') {
    button.disabled = !config.token
    button.addEventListener('click', () =>
      runEstimate(config, f.dir, f.path, (text, name) => void adding(() => text, name)()),
    )
    return button
  }
  const url = `/files/${f.dir}/${f.path.split('/').map(encodeURIComponent).join('/')}`
  button.addEventListener(
    'click',
    adding(async () => {
      const r = await fetch(url)
      if (!r.ok) throw new Error(`${f.path}: ${r.status} ${r.statusText}`)
      return r.text()
    }, f.path.split('/').pop()!),
  )
  return button
}
