/**
 * Shared helpers for the theory and synthetic tests: a tolerance assertion that
 * states both rtol and atol, and the reference values of the paper's code.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { expect } from 'vitest'

/** Asserts |actual - expected| <= atol + rtol |expected| (both default 0), naming `what` on failure. */
export function expectClose(actual: number, expected: number, tol: { rtol?: number; atol?: number }, what = ''): void {
  const bound = (tol.atol ?? 0) + (tol.rtol ?? 0) * Math.abs(expected)
  const diff = Math.abs(actual - expected)
  if (!(diff <= bound)) {
    expect.fail(
      `${what ? what + ': ' : ''}${actual} differs from ${expected} by ${diff.toExponential(3)} > ${bound.toExponential(3)}`,
    )
  }
}

/** One curve of reference-values.json. */
export interface ReferenceCurve {
  N: number
  d: number
  distribution: string
  simulated?: number[]
  theory?: number[]
  theory_all_k?: number[]
  note?: string
}

/** test/fixtures/reference-values.json (measured from github.com/deezer/consistency at 84b59f3). */
export interface ReferenceValues {
  k_simulated: number[]
  k_theory: number[]
  closed_form_p_in_out_d128: Record<
    string,
    { moments: { mu: number; sigma: number; gamma: number; kappa: number }; values: Record<string, number> }
  >
  [curve: string]: unknown
}

const REFERENCE_PATH = fileURLToPath(new URL('../fixtures/reference-values.json', import.meta.url))

/** Loads the reference values (the file lives outside the project, in the shared folder every checkout has). */
export function loadReference(): ReferenceValues {
  return JSON.parse(readFileSync(REFERENCE_PATH, 'utf8')) as ReferenceValues
}

/** A named curve of the reference values. */
export function referenceCurve(ref: ReferenceValues, name: string): ReferenceCurve {
  return ref[name] as ReferenceCurve
}
