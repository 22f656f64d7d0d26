/**
 * The published declarations compile in a consumer project without @types/node
 * (issue 13): TypeScript's default libraries, `types: []`, strict, against dist/*.d.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..')

describe('type declarations', () => {
  it('compile in a strict project without @types/node', () => {
    const dir = mkdtempSync(join(tmpdir(), 'avgcon-dts-'))
    try {
      const main = join(dir, 'main.ts')
      writeFileSync(
        main,
        `import { estimate, runs, toEmbeddings, diagnose, loadEngine, consistencyChart, type Embeddings } from 'avgcon'
const e: Embeddings = toEmbeddings([[1, 2], [3, 4], [5, 6]])
export const run = estimate({ embeddings: e, k: '2' }).then((r) => r.results[0]?.mean)
export const dg = diagnose(e, { engine: loadEngine(), k: 2 }).then((d) => d.verdict.remedies)
export const many = runs.compareMany
export const chart = consistencyChart
`,
      )
      const program = ts.createProgram([main], {
        strict: true,
        noEmit: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        types: [],
        paths: { avgcon: [join(root, 'dist/index.d.ts')] },
      })
      const errors = ts
        .getPreEmitDiagnostics(program)
        .map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`)
      expect(errors).toEqual([])
      // The check can fail: a Node-only name in a declaration is an error here.
      writeFileSync(main, 'export const env: NodeJS.ProcessEnv = {}\n')
      const bad = ts.createProgram([main], { noEmit: true, types: [] })
      expect(ts.getPreEmitDiagnostics(bad).length).toBeGreaterThan(0)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
