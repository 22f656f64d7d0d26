import type { Command } from 'commander'
import { registerAlign } from './align.js'
import { registerCheckNormal } from './check-normal.js'
import { registerCompare } from './compare.js'
import { registerDemo } from './demo.js'
import { registerDiagnose } from './diagnose.js'
import { registerEstimate } from './estimate.js'
import { registerPairwise } from './pairwise.js'
import { registerReport } from './report.js'
import { registerServe } from './serve.js'
import { registerSets } from './sets.js'
import { registerSimulate } from './simulate.js'
import { registerTheory } from './theory.js'
import { registerTrain } from './train.js'
import { registerWorker } from './worker.js'

/** Every `avgcon` command, in the order `--help` lists them. */
export function registerCommands(program: Command): void {
  registerDemo(program)
  registerEstimate(program)
  registerTheory(program)
  registerSimulate(program)
  registerCheckNormal(program)
  registerPairwise(program)
  registerTrain(program)
  registerSets(program)
  registerCompare(program)
  registerDiagnose(program)
  registerAlign(program)
  registerReport(program)
  registerServe(program)
  registerWorker(program)
}
