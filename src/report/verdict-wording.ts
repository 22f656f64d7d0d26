/**
 * The verdict in words: diagnose/ returns structured causes and transform pipelines
 * (remedies); the runs and the CLI word them here as the `avgcon align` command lines to try.
 * The JSON envelope keeps the worded form (`suggestion`) it has always printed.
 */
import type { Diagnosis, Verdict } from '../diagnose/index.js'

/** A verdict as the envelope prints it: the remedies worded as one suggestion. */
export type WordedVerdict = Omit<Verdict, 'remedies'> & {
  /** What to try, as `avgcon align --transform ...` command lines. */
  suggestion: string
}

/** A diagnosis whose verdict is worded. */
export type WordedDiagnosis = Omit<Diagnosis, 'verdict'> & { verdict: WordedVerdict }

// Each sentence names the verdict's remedies (see REMEDIES in diagnose/verdict.ts) in order.
const SUGGESTION: Record<Verdict['cause'], string> = {
  norms: 'avgcon align --transform normalize (cosine), or clip-norms=0.5 to keep some norm information',
  hubs: 'avgcon align --transform center,whiten or normalize',
  anisotropy: 'avgcon align --transform center,whiten (or center alone when the mean cosine is high)',
  'heavy-tails':
    'avgcon align --transform standardize or whiten; heavy tails come from the model, consider regularised training',
  none: 'nothing needed: the embeddings already behave as the theory assumes',
  unexplained: 'avgcon align --transform center,whiten,normalize, and compare the tables',
}

/** The verdict with its remedies worded (key order as the envelope has always printed it). */
export function wordVerdict(v: Verdict): WordedVerdict {
  return { cause: v.cause, summary: v.summary, suggestion: SUGGESTION[v.cause], severity: v.severity }
}

/** The diagnosis with its verdict worded. */
export function wordDiagnosis(dg: Diagnosis): WordedDiagnosis {
  return { ...dg, verdict: wordVerdict(dg.verdict) }
}
