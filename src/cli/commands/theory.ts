import type { Command } from 'commander'
import { InputError } from '../../errors.js'
import { parseKList } from '../../estimate/klist.js'
import { consistencyChart, theorySeries } from '../../report/charts/index.js'
import { runResult, type InputInfo } from '../../results.js'
import { formatCsv, formatTable } from '../../report/table.js'
import { exactCurve } from '../../theory/exact/consistency.js'
import { checkMoments, checkSizes } from '../../theory/validate.js'
import {
  formatLaw,
  lawMoments,
  measureDimMoments,
  measureMoments,
  parseLaw,
  poolMoments,
  theoryCurve,
  type DimMoments,
  type Law,
  type MomentSpec,
  type Moments,
  type TheoryPoint,
} from '../../theory/index.js'
import { loadInput, type InputOptions } from '../input.js'
import { fileOptions, intOption, outputOptions } from '../options.js'
import { emit, type OutputOptions } from '../output.js'
import { count, secondsSince } from './stats.js'
import { chooseMethod, exactCsv, exactOptions, exactSeries, exactTable } from './theory-exact.js'

/** The paper's Figure 2 setting: what `avgcon theory` computes when given no N or d. */
const DEFAULT_N = 1_000_000
const DEFAULT_D = 128

/** Raw flags of `avgcon theory`. */
interface TheoryFlags extends OutputOptions, Pick<InputOptions, 'format' | 'column' | 'idColumn' | 'tensor'> {
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
}

/** The `moments` section of the results JSON: what the theory was fed. */
export interface MomentsSection extends Moments {
  /** Where the moments come from: a named law, --moments, or measured on a file. */
  source: 'law' | 'moments' | 'file'
  law?: string
  /** True when every dimension has its own moments; then mean..kurtosis are their pooled summary. */
  perDimension: boolean
  dims?: { mean: number[]; std: number[]; skewness: number[]; kurtosis: number[] }
}

/** The moments to use, what to report about them, and the file's size when they were measured. */
interface MomentSource {
  spec: MomentSpec
  section: MomentsSection
  input?: InputInfo
  /** The named law, when the moments come from one (the exact method needs it). */
  law?: Law
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
      'exact: Monte Carlo over sampled sets U with the N-item search done in closed form (normal, uniform, laplace; default there)\n' +
        'prop2: Proposition 2 from four moments, with P(in>out) (default for other laws, --moments and --from)',
    )
    .option(
      '--sets <count>',
      'with --method exact: sampled sets per k (default: about 2 s of work for the normal law; 50..20,000)',
    )
    .option('--seed <n>', 'with --method exact: seed of the set sampler (default: 0)')
    .option('--n <count>', `number of items N (default: ${count(DEFAULT_N)}, or the file's N with --from)`)
    .option('--d <dim>', `dimension d (default: ${DEFAULT_D}, or the file's d with --from)`)
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
    .action(async (f: TheoryFlags) => {
      const started = performance.now()
      const ks = parseKList(f.k)
      const source = await momentSource(f)
      const n = f.n === undefined && source.input ? source.input.n : intOption(f.n, '--n', 1, DEFAULT_N)
      const d = f.d === undefined && source.input ? source.input.d : intOption(f.d, '--d', 1, DEFAULT_D)
      checkSizes(n, d, ks)
      const choice = chooseMethod(f.method, source.law)
      const exact = exactOptions(f, choice, source.law, d, ks)
      if (exact && source.law) {
        const points = exactCurve({ n, d, ks, law: source.law, ...exact })
        const label = describe(source.section)
        await emit(
          {
            table: () => exactTable(points) + `\nExact method; ${label}; N=${count(n)}, d=${d}.\n`,
            json: () =>
              runResult('theory', {
                settings: { n, d, k: ks, source: 'law', law: source.section.law ?? null, ...exact },
                results: points,
                seconds: secondsSince(started),
                method: 'exact',
                moments: source.section,
              }),
            csv: () => exactCsv(points),
            chart: () =>
              consistencyChart({
                title: 'Consistency_k by the exact method',
                subtitle: `${label}; N=${count(n)}, d=${d}; 95% CI`,
                yDomain: [0, 1],
                series: [exactSeries(points)],
              }),
          },
          f,
        )
        return
      }
      const results = theoryCurve({ n, d, ks, ...source.spec })
      const settings = {
        n,
        d,
        k: ks,
        source: source.section.source,
        law: source.section.law ?? null,
        perDim: Boolean(f.perDim),
        center: Boolean(f.center),
      }
      const json = () =>
        runResult('theory', {
          settings,
          input: source.input,
          results,
          seconds: secondsSince(started),
          method: 'prop2',
          ...(choice.note ? { note: choice.note } : {}),
          moments: source.section,
        })
      const label = describe(source.section)
      const chart = () =>
        consistencyChart({
          title: 'Consistency_k by Proposition 2',
          subtitle: `${label}; N=${count(n)}, d=${d}`,
          yDomain: [0, 1],
          series: [theorySeries('Proposition 2', results)],
        })
      await emit(
        {
          table: () =>
            theoryTable(results) + `\n${label}; N=${count(n)}, d=${d}.\n` + (choice.note ? `${choice.note}\n` : ''),
          json,
          csv: () => theoryCsv(results),
          chart,
        },
        f,
      )
    })
}

/** Resolves --law / --moments / --from (at most one) into the moments the theory takes. */
async function momentSource(f: TheoryFlags): Promise<MomentSource> {
  const given = [
    f.law !== undefined && '--law',
    f.moments !== undefined && '--moments',
    f.from !== undefined && '--from',
  ].filter(Boolean)
  if (given.length > 1) throw new InputError(`give one source of moments, not ${given.join(' and ')}.`)
  if (f.from === undefined) {
    for (const [flag, on] of [
      ['--per-dim', f.perDim],
      ['--center', f.center],
      ['--format', f.format !== undefined],
    ] as const) {
      if (on) throw new InputError(`${flag} only applies to moments measured with --from FILE.`)
    }
  }
  if (f.moments !== undefined) {
    const moments = parseMoments(f.moments)
    return { spec: { moments }, section: { source: 'moments', perDimension: false, ...moments } }
  }
  if (f.from === undefined) {
    const law = parseLaw(f.law ?? 'normal')
    const moments = lawMoments(law)
    return {
      spec: { moments },
      section: { source: 'law', law: formatLaw(law), perDimension: false, ...moments },
      law,
    }
  }
  const { embeddings: e, info } = await loadInput(f.from, {
    format: f.format,
    column: f.column,
    idColumn: f.idColumn,
    tensor: f.tensor,
    center: f.center,
  })
  if (!f.perDim) {
    const moments = measureMoments(e)
    return { spec: { moments }, section: { source: 'file', perDimension: false, ...moments }, input: info }
  }
  const dm = measureDimMoments(e)
  const section: MomentsSection = { source: 'file', perDimension: true, ...poolMoments(dm, e.n), dims: dimArrays(dm) }
  return { spec: { dimMoments: dm }, section, input: info }
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

function dimArrays(dm: DimMoments): NonNullable<MomentsSection['dims']> {
  return {
    mean: Array.from(dm.mean),
    std: Array.from(dm.std),
    skewness: Array.from(dm.skewness),
    kurtosis: Array.from(dm.kurtosis),
  }
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
