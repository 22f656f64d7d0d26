import type { Command } from 'commander'
import { DEMO_DATA, demo } from '../../runs/demo.js'
import { consistencyChart, estimateSeries, theorySeries } from '../../report/charts/index.js'
import { formatTable } from '../../report/table.js'
import { pointDigits } from '../../report/consistency-table.js'
import type { ConsistencyPoint } from '../../estimate/consistency.js'
import { denseKs, lawMoments, parseLaw, theoryCurve, type TheoryPoint } from '../../theory/index.js'
import { emit } from '../output.js'
import { outputOptions } from '../options.js'
import { estimateOptions, withEstimateProgress, type EstimateFlags } from './estimate.js'

const { n: N, d: D } = DEMO_DATA

/** `avgcon demo`: the main job on built-in data, with theory beside it. */
export function registerDemo(program: Command): void {
  const cmd = program
    .command('demo')
    .description(
      `estimate Consistency_k on built-in data: ${N.toLocaleString('en-US')} i.i.d. N(0,1) embeddings, d=${D}, next to Proposition 2`,
    )
  outputOptions(estimateOptions(cmd, '2..20'))
    .addHelpText(
      'after',
      `
Examples:
  avgcon demo
  avgcon demo --k 2..50:4 --json
  avgcon demo --plot demo.png`,
    )
    .action(async (f: EstimateFlags) => {
      const result = await withEstimateProgress(f, (settings) => demo(settings))
      const theory = result.theory
      const chart = () =>
        consistencyChart({
          title: 'Consistency_k of i.i.d. N(0,1) embeddings',
          subtitle: `N=${N.toLocaleString('en-US')}, d=${D}: simulated (95% CI) vs Proposition 2`,
          series: [
            estimateSeries('simulated', result.results, 'simulated', 'N(0,1)'),
            // Drawn at every k of the range (the table keeps the measured k).
            theorySeries(
              'Proposition 2',
              theoryCurve({
                n: N,
                d: D,
                ks: denseKs(result.results.map((p) => p.k)),
                moments: lawMoments(parseLaw('normal')),
              }),
              'N(0,1)',
            ),
          ],
        })
      await emit(
        {
          table: () => demoTable(result.results, theory) + '\n' + meaning(result.results, theory),
          json: () => result,
          csv: () => demoCsv(result.results, theory),
          chart,
        },
        f,
      )
    })
}

function demoTable(points: ConsistencyPoint[], theory: TheoryPoint[]): string {
  const digits = pointDigits(points)
  const rows = points.map((p, i) => {
    return [
      String(p.k),
      p.mean.toFixed(digits),
      `[${p.ciLow.toFixed(digits)}, ${p.ciHigh.toFixed(digits)}]`,
      String(p.n),
      theory[i]!.consistency.toFixed(3),
      theory[i]!.pInOut.toFixed(3),
    ]
  })
  return formatTable(
    [
      { header: 'k' },
      { header: 'consistency' },
      { header: '95% CI', align: 'left' },
      { header: 'sets' },
      { header: 'theory' },
      { header: 'P(in>out)' },
    ],
    rows,
  )
}

function demoCsv(points: ConsistencyPoint[], theory: TheoryPoint[]): string {
  const lines = points.map((p, i) =>
    [p.k, p.mean, p.std, p.n, p.ciLow, p.ciHigh, theory[i]!.consistency, theory[i]!.pInOut].join(','),
  )
  return ['k,mean,std,n,ciLow,ciHigh,theory,pInOut', ...lines].join('\n') + '\n'
}

/** Two sentences that say what the numbers mean. */
function meaning(points: ConsistencyPoint[], theory: TheoryPoint[]): string {
  const last = points[points.length - 1]!
  const recovered = last.mean * last.k
  return (
    [
      `On average, the top-${last.k} neighbours of the mean of ${last.k} random items contain ${recovered.toFixed(1)} of those ${last.k} items (Proposition 2 predicts ${(theory[theory.length - 1]!.consistency * last.k).toFixed(1)}): the larger the set, the less its average points at its own items.`,
      `These are ideal i.i.d. Gaussian embeddings; real item embeddings usually do far worse, so run \`avgcon estimate your-embeddings.npy\` to measure yours.`,
    ].join('\n') + '\n'
  )
}
