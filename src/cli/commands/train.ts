import type { Command } from 'commander'
import { InputError } from '../../errors.js'
import { formatTable } from '../../report/table.js'
import {
  train,
  trainSaver,
  type TrainMethod,
  type TrainResult,
  type TrainRunOptions,
  type TrainSvdMatrix,
} from '../../runs/train.js'
import { WEIGHTINGS, type Weighting } from '../../train/index.js'
import { intOption } from '../options.js'
import { emit } from '../output.js'
import { progressBar } from '../progress.js'

/** Raw flags of `avgcon train` (strings until parsed). */
interface TrainFlags {
  out?: string
  saveUsers?: string
  dim?: string
  factors?: string
  weighting?: string
  iterations?: string
  regularization?: string
  normPenalty?: string
  alpha?: string
  threads?: string
  matrix?: string
  seed: string
  testFraction: string
  quiet?: boolean
  json?: boolean
}

/** `avgcon train als|svd <interactions> --out items.npy`. */
export function registerTrain(program: Command): void {
  program
    .command('train')
    .description(
      'train item embeddings from an interaction log (implicit ALS or SVD), report held-out recall@10, and save them with their ids',
    )
    .argument(
      '<model>',
      'als (implicit ALS, Hu et al. 2008) or svd (randomised SVD of item PPMI or of the user-item matrix)',
    )
    .argument(
      '<interactions>',
      'log of user item [weight [timestamp]] lines (tab, comma, ;, :: or spaces; header detected), e.g. MovieLens u.data',
    )
    .option('--out <file>', 'where to write the item embeddings: .npy (ids in FILE.ids.txt) or .csv/.tsv (id column)')
    .option(
      '--save-users <file>',
      'also write the user vectors (.npy + ids, or .csv/.tsv): factors, or train-item averages for svd ppmi',
    )
    .option('--dim <d>', 'embedding dimension d (default 64)')
    .option('--factors <d>', "alias of --dim (implicit's name)")
    .option('--iterations <n>', 'als: full sweeps (default 15)')
    .option('--regularization <lambda>', 'als: L2 penalty on every factor (default 10)')
    .option(
      '--norm-penalty <s>',
      'als: penalty s * sum_i (|y_i| - mean norm)^2 on item-norm spread, so no item dominates averages (default 0; see avgcon align --sweep)',
    )
    .option('--alpha <a>', 'als: confidence slope, c = 1 + alpha * weight (default 1)')
    .option(
      '--weighting <w>',
      'als: weight transform before the confidence: none (default), log (ln(1+w)), bm25 (K1=100, B=0.8) or tfidf, as implicit',
    )
    .option('--threads <n>', 'als: worker threads for the sweeps (default: all cores; same factors for any count)')
    .option('--matrix <name>', 'svd: ppmi (item co-occurrence PPMI, default) or interactions (user-item, PureSVD)')
    .option('--seed <n>', 'seed of the split and of the initial factors / random test matrix', '0')
    .option(
      '--test-fraction <f>',
      "share of each user's interactions held out for recall@10 (0: train on everything, no evaluation)",
      '0.2',
    )
    .option('--json', 'print one results JSON object instead of the summary')
    .option('--quiet', 'no progress bar on stderr')
    .addHelpText(
      'after',
      `
Evaluation: each user with 2+ interactions gives a seeded --test-fraction of them to a test
side; the model is trained on the rest, and recall@10 / nDCG@10 of its ranking (train items
excluded) are reported with the recall@10 of a random ranking for scale. The file written is
THAT model, trained on the train side only, so the numbers describe exactly what you get.
Use --test-fraction 0 to train on every interaction (no evaluation). Items seen only in the
test side still get a row (near zero). Users are scored by their ALS factors, by their SVD
factors (--matrix interactions), or by the average of their train items' embeddings (ppmi).
A non-finite factor stops the run with exit code 1 and no file.

Examples:
  avgcon train als u.data --dim 64 --out items.npy
  avgcon train svd u.data --matrix interactions --out items.csv --json
  avgcon train als plays.tsv --alpha 10 --test-fraction 0 --out items.npy`,
    )
    .action(async (model: string, file: string, f: TrainFlags) => {
      const options = trainOptions(model, file, f)
      const quiet = Boolean(f.quiet || f.json)
      const bar = progressBar(options.method === 'als' ? 'training ALS' : 'training SVD', quiet)
      const evaluating = progressBar('evaluating recall@10 (users)', quiet)
      const onEvaluate = (done: number, total: number) => {
        bar.stop() // training is over: its bar gives way to the evaluation's
        evaluating.update(done, total)
      }
      const result = await train({ ...options, onProgress: (d, t) => bar.update(d, t), onEvaluate }).finally(() => {
        bar.stop()
        evaluating.stop()
      })
      const table = () => summary(result)
      await emit({ table, json: () => result, csv: () => table() }, { json: f.json })
    })
}

/** The run's options from the flags (strings until here), checked in the flags' words before any work. */
function trainOptions(model: string, file: string, f: TrainFlags): TrainRunOptions {
  const method = checkModel(model, f)
  if (f.out === undefined)
    throw new InputError('--out is required: name the embeddings file to write, e.g. --out items.npy.')
  // Refuse an output name of unknown format before the other flags (train() checks it again).
  trainSaver(f.out, 'out')
  if (f.saveUsers !== undefined) trainSaver(f.saveUsers, 'saveUsers')
  return {
    method,
    interactions: file,
    out: f.out,
    saveUsers: f.saveUsers,
    dim: dimOption(f),
    seed: intOption(f.seed, '--seed', 0, 0),
    testFraction: fraction(f.testFraction),
    iterations: f.iterations === undefined ? undefined : intOption(f.iterations, '--iterations', 1),
    regularization: nonNegative(f.regularization, '--regularization'),
    alpha: nonNegative(f.alpha, '--alpha'),
    weighting: weightingOption(f.weighting),
    normPenalty: nonNegative(f.normPenalty, '--norm-penalty'),
    threads: f.threads === undefined ? undefined : intOption(f.threads, '--threads', 1),
    matrix: svdMatrix(f.matrix),
  }
}

/** Checks the model name and that no option of the other model was given. */
function checkModel(model: string, f: TrainFlags): TrainMethod {
  if (model !== 'als' && model !== 'svd')
    throw new InputError(`unknown model "${model}"; use als or svd (e.g. avgcon train als u.data --out items.npy).`)
  const foreign =
    model === 'als'
      ? [['--matrix', f.matrix]]
      : [
          ['--iterations', f.iterations],
          ['--regularization', f.regularization],
          ['--alpha', f.alpha],
          ['--weighting', f.weighting],
          ['--norm-penalty', f.normPenalty],
          ['--threads', f.threads],
        ]
  for (const [flag, value] of foreign)
    if (value !== undefined)
      throw new InputError(`${flag} does not apply to ${model}; it is an option of ${model === 'als' ? 'svd' : 'als'}.`)
  return model
}

function fraction(text: string): number {
  const v = Number(text)
  if (!Number.isFinite(v) || v < 0 || v >= 1)
    throw new InputError(`--test-fraction: "${text}" must be a number in [0, 1), e.g. 0.2 (0 trains on everything).`)
  return v
}

function nonNegative(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined
  const v = Number(text)
  if (!Number.isFinite(v) || v < 0) throw new InputError(`${name}: "${text}" must be a number of at least 0.`)
  return v
}

/** --dim or its alias --factors (not both with different values). */
function dimOption(f: TrainFlags): number {
  if (f.dim !== undefined && f.factors !== undefined && f.dim !== f.factors)
    throw new InputError(`--factors ${f.factors} and --dim ${f.dim} name the same setting; give one of them.`)
  return f.factors !== undefined ? intOption(f.factors, '--factors', 1) : intOption(f.dim ?? '64', '--dim', 1)
}

function weightingOption(text: string | undefined): Weighting | undefined {
  if (text === undefined || (WEIGHTINGS as readonly string[]).includes(text)) return text as Weighting | undefined
  throw new InputError(`--weighting: unknown weighting "${text}"; use ${WEIGHTINGS.join(', ')}.`)
}

function svdMatrix(text: string | undefined): TrainSvdMatrix | undefined {
  if (text === undefined || text === 'ppmi' || text === 'interactions') return text
  throw new InputError(`--matrix: unknown matrix "${text}"; use ppmi or interactions.`)
}

/** The text summary of a run's envelope. */
function summary(r: TrainResult): string {
  const { log: input, output, settings } = r
  const kind = settings.model as TrainMethod
  const testFraction = settings.testFraction as number
  const seed = settings.seed as number
  const t = { ...r, metrics: r.results[0] }
  const c = (x: number): string => x.toLocaleString('en-US')
  const lines = [
    `${kind.toUpperCase()} d=${output.d} trained in ${t.trainSeconds.toFixed(2)} s on ${c(t.trainInteractions)} of ${c(input.interactions)} interactions of ${input.file} (${c(input.users)} users, ${c(input.items)} items).`,
  ]
  if (t.metrics) {
    const m = t.metrics
    lines.push(
      `Held out: ${Math.round(testFraction * 100)}% of each user's interactions (seed ${seed}), ${c(m.users)} users evaluated; users scored by ${t.scoring}.`,
      '',
    )
    lines.push(
      formatTable(
        [
          { header: 'metric', align: 'left' },
          { header: 'model' },
          { header: 'most popular' },
          { header: 'random ranking' },
        ],
        [
          [`recall@${m.k}`, m.recall.toFixed(4), m.popularityRecall.toFixed(4), m.randomRecall.toFixed(4)],
          [`nDCG@${m.k}`, m.ndcg.toFixed(4), '', ''],
        ],
      ),
    )
  } else {
    lines.push('No evaluation (--test-fraction 0): the model saw every interaction.', '')
  }
  if (t.untrainedItems > 0)
    lines.push(
      `Warning: ${c(t.untrainedItems)} of ${c(output.n)} items (${((100 * t.untrainedItems) / output.n).toFixed(1)} %) have no train interaction (seen only in the test side); their rows are near zero and carry no signal.`,
      '',
    )
  const ids = output.ids ? ` and its ids to ${output.ids}` : ' (ids in the first column)'
  lines.push(`Wrote ${c(output.n)} x ${output.d} item embeddings to ${output.file}${ids}.`)
  return lines.join('\n').replace(/\n\n\n/g, '\n\n') + '\n'
}
