import type { Command } from 'commander'
import { InputError } from '../../errors.js'
import { parseKList } from '../../estimate/klist.js'
import { consistencyChart, theorySeries } from '../../report/charts/index.js'
import { formatCsv, formatTable } from '../../report/table.js'
import {
  theory,
  THEORY_DEFAULT_D,
  THEORY_DEFAULT_N,
  type MomentsSection,
  type TheoryRunOptions,
} from '../../runs/theory.js'
import type { ExactPoint } from '../../theory/exact/consistency.js'
import { denseKs, parseLaw, theoryCurve, type Moments, type TheoryPoint } from '../../theory/index.js'
import { checkMoments } from '../../theory/validate.js'
import type { InputOptions } from '../input.js'
import { fileOptions, intOption, outputOptions } from '../options.js'
import { emit, type OutputOptions } from '../output.js'
import { count } from './stats.js'
import { exactCsv, exactSeries, exactTable, methodFlags } from './theory-exact.js'

export type { MomentsSection } from '../../runs/theory.js'

/** Raw flags of `avgcon theory`. */
interface TheoryFlags
  extends OutputOptions, Pick<InputOptions, 'format' | 'column' | 'idColumn' | 'header' | 'tensor' | 'array'> {
  n?: string
  d?: string
  k: string
  law?: string
  moments?: string
  from?: string
  perDim?: boolean
  center?: boolean
  method?: string
  sets?: string
  seed?: string
  ci?: string
}

/** `avgcon theory`: the exact or Proposition 2 curve for a law, explicit moments, or an embedding file. */
export function registerTheory(program: Command): void {
  const cmd = program
    .command('theory')
    .description(
      'expected Consistency_k (exact method or Proposition 2) for a law, explicit moments or the moments of an embedding file',
    )
    .option(
      '--method <method>',
      'exact: Monte Carlo over sampled sets U with the N-item search done in closed form (every named law; --moments and --from through a law fitted to the four moments: normal, beta or variance-gamma; the default)\n' +
        'prop2: Proposition 2 from four moments, with P(in>out)',
    )
    .option(
      '--sets <count>',
      'with --method exact: sampled sets per k (default: 50..20,000, sized to about 2 s of the per-coordinate path; the normal law runs them far faster)',
    )
    .option('--seed <n>', 'with --method exact: seed of the set sampler (default: 0)')
    .option(
      '--ci <halfwidth>',
      'with --method exact: sample each k until its 95% CI half-width is at most this (--sets is then the first round; at most 200,000 sets per k)',
    )
    .option('--n <count>', `number of items N (default: ${count(THEORY_DEFAULT_N)}, or the file's N with --from)`)
    .option('--d <dim>', `dimension d (default: ${THEORY_DEFAULT_D}, or the file's d with --from)`)
    .option('--k <list>', 'set sizes: 2..50, 2,5,10 or 2..50:4', '2..50')
    .option(
      '--law <law>',
      'i.i.d. coordinate law: normal, normal(0.5,1), uniform(-1,1), uniform01, rademacher, laplace, student-t(10), beta(2,2) (default: normal)',
    )
    .option(
      '--moments <list>',
      'explicit coordinate moments: mean,std,skewness,kurtosis (kurtosis non-excess: 3 for a normal law)',
    )
    .option('--from <file>', 'measure the moments on an embedding file (.npy, .csv, ...)')
    .option('--per-dim', 'with --from: one set of moments per dimension instead of pooled (as the paper) ones')
    .option('--center', 'with --from: subtract the mean row first (as the paper does for real embeddings)')
  outputOptions(fileOptions(cmd))
    .addHelpText(
      'after',
      `
Examples:
  avgcon theory --n 1e6 --d 128 --law normal --k 2..50
  avgcon theory --n 1e12 --d 128 --law laplace --k 2..10 --sets 2000 --seed 1
  avgcon theory --n 1e6 --d 128 --law normal --method prop2
  avgcon theory --n 50000 --d 64 --law rademacher --k 2,5,10,20 --json
  avgcon theory --moments 0,1,0,6 --n 1e5 --d 32 --plot theory.svg
  avgcon theory --from items.npy --center --per-dim --csv`,
    )
    .action((f: TheoryFlags) => printTheory(f))
}

/** Runs theory() on the flags and prints its table, JSON, CSV or chart. */
async function printTheory(f: TheoryFlags): Promise<void> {
  const run = await theory(theoryOptions(f))
  const section = run.moments as MomentsSection
  const { n, d } = run.settings as { n: number; d: number }
  const label = describe(section)
  const note = typeof run.note === 'string' ? run.note : undefined
  if (run.method === 'exact') {
    const points = run.results as ExactPoint[]
    await emit(
      {
        table: () =>
          exactTable(points) +
          `\nExact method; ${label}; N=${count(n)}, d=${d}.\n` +
          fittedLine(section) +
          (note ? `${note}\n` : ''),
        json: () => run,
        csv: () => exactCsv(points),
        chart: () =>
          consistencyChart({
            title: 'Consistency_k by the exact method',
            subtitle: `${label}; N=${count(n)}, d=${d}; 95% CI`,
            series: [exactSeries(points)],
          }),
      },
      f,
    )
    return
  }
  const results = run.results as TheoryPoint[]
  const chart = () =>
    consistencyChart({
      title: 'Consistency_k by Proposition 2',
      subtitle: `${label}; N=${count(n)}, d=${d}`,
      series: [theorySeries('Proposition 2', smoothTheory(results, section, n, d))],
    })
  await emit(
    {
      table: () => theoryTable(results) + `\n${label}; N=${count(n)}, d=${d}.\n` + (note ? `${note}\n` : ''),
      json: () => run,
      csv: () => theoryCsv(results),
      chart,
    },
    f,
  )
}

/**
 * Proposition 2 at every k of the range (see denseKs), from the moments the run used,
 * so a sparse k list still draws a smooth curve; the table keeps the measured k.
 */
function smoothTheory(results: TheoryPoint[], s: MomentsSection, n: number, d: number): TheoryPoint[] {
  const ks = denseKs(results.map((p) => p.k))
  if (s.dims !== undefined) {
    const dm = s.dims
    const dimMoments = {
      mean: Float64Array.from(dm.mean),
      std: Float64Array.from(dm.std),
      skewness: Float64Array.from(dm.skewness),
      kurtosis: Float64Array.from(dm.kurtosis),
    }
    return theoryCurve({ n, d, ks, dimMoments })
  }
  return theoryCurve({ n, d, ks, moments: { mean: s.mean, std: s.std, skewness: s.skewness, kurtosis: s.kurtosis } })
}

/** The run's options from the flags, checked with the flag names (the run checks the rest). */
function theoryOptions(f: TheoryFlags): TheoryRunOptions {
  const k = parseKList(f.k)
  // One source of moments, and --per-dim/--center only with --from: the run checks those.
  if (f.from === undefined && f.format !== undefined)
    throw new InputError('--format only applies to moments measured with --from FILE.')
  const moments = f.moments === undefined ? undefined : parseMoments(f.moments)
  const law =
    f.law !== undefined
      ? parseLaw(f.law)
      : f.moments === undefined && f.from === undefined
        ? parseLaw('normal')
        : undefined
  const from =
    f.from === undefined
      ? undefined
      : {
          file: f.from,
          format: f.format,
          column: f.column,
          idColumn: f.idColumn,
          header: f.header,
          tensor: f.tensor,
          array: f.array,
        }
  return {
    n: f.n === undefined ? undefined : intOption(f.n, '--n', 1),
    d: f.d === undefined ? undefined : intOption(f.d, '--d', 1),
    k,
    law,
    moments,
    from,
    perDim: f.perDim,
    center: f.center,
    ...methodFlags(f),
  }
}

/** Reads --moments "mean,std,skewness,kurtosis"; the theory checks that they are possible. */
export function parseMoments(text: string): Moments {
  const parts = text.split(',').map((s) => s.trim())
  const values = parts.map((s) => (s === '' ? NaN : Number(s)))
  if (values.length !== 4 || values.some((v) => !Number.isFinite(v))) {
    throw new InputError(
      `--moments: "${text}" must be four numbers mean,std,skewness,kurtosis, e.g. 0,1,0,3 for N(0,1).`,
    )
  }
  const [mean, std, skewness, kurtosis] = values as [number, number, number, number]
  const moments = { mean, std, skewness, kurtosis }
  try {
    checkMoments(moments)
  } catch (error) {
    // Name the option the user typed, not the library module.
    if (!(error instanceof InputError)) throw error
    throw new InputError(`--moments "${text}": ${error.message.replace(/^theory: /, '')}`)
  }
  return moments
}

/** One line naming the moments: "normal(0,1): mean 0, std 1, skewness 0, kurtosis 3". */
export function describe(s: MomentsSection): string {
  const what =
    s.source === 'law'
      ? `${s.law}`
      : s.source === 'moments'
        ? 'given moments'
        : s.perDimension
          ? 'per-dimension moments of the file (pooled summary)'
          : 'pooled moments of the file'
  const g = (x: number) => Number(x.toPrecision(4)).toString()
  return `${what}: mean ${g(s.mean)}, std ${g(s.std)}, skewness ${g(s.skewness)}, kurtosis ${g(s.kurtosis)}`
}

/** "Fitted law: variance-gamma (lambda 1, beta 0, sigma 1, mu 0)." or the per-dimension counts; empty for a named law. */
function fittedLine(s: MomentsSection): string {
  const f = s.fitted
  if (!f) return ''
  const g = (x: number) => Number(x.toPrecision(4)).toString()
  if ('family' in f) {
    const params = Object.entries(f.params).map(([name, v]) => `${name} ${g(v)}`)
    return `Fitted law: ${f.family} (${params.join(', ')}).\n`
  }
  const counts = Object.entries(f.counts).filter(([, c]) => c > 0)
  return `Fitted laws, one per dimension: ${counts.map(([family, c]) => `${c} ${family}`).join(', ')}.\n`
}

function theoryTable(points: TheoryPoint[]): string {
  const rows = points.map((p) => [String(p.k), p.consistency.toFixed(4), p.pInOut.toFixed(4)])
  return formatTable([{ header: 'k' }, { header: 'consistency' }, { header: 'P(in>out)' }], rows)
}

function theoryCsv(points: TheoryPoint[]): string {
  return formatCsv(
    ['k', 'consistency', 'pInOut'],
    points.map((p) => [p.k, p.consistency, p.pInOut]),
  )
}
