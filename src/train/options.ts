/**
 * Validation of trainer options at the public boundary: one InputError per bad value,
 * prefixed by the trainer's name, naming the option and the value.
 */
import { InputError } from '../errors.js'
import { validateInteractions, type Interactions } from '../io/interactions.js'

/** Called after each unit of work: `done` of `total` (iterations, passes). */
export type Progress = (done: number, total: number) => void

/** Throws unless v is an integer in [min, max]. */
export function checkInt(module: string, name: string, v: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(v) || v < min || v > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `in ${min}..${max}`
    throw new InputError(`${module}: ${name}=${v} must be an integer ${range}.`)
  }
  return v
}

/** Throws unless v is a finite number >= min. */
export function checkNumber(module: string, name: string, v: number, min: number): number {
  if (!Number.isFinite(v) || v < min) throw new InputError(`${module}: ${name}=${v} must be a finite number >= ${min}.`)
  return v
}

/** Throws unless v is one of the allowed strings. */
export function checkChoice<T extends string>(module: string, name: string, v: T, allowed: readonly T[]): T {
  if (!allowed.includes(v))
    throw new InputError(`${module}: ${name}=${JSON.stringify(v)} must be one of ${allowed.join(', ')}.`)
  return v
}

/** Validates the log and that it has at least one user and one item. */
export function checkLog(module: string, x: Interactions): Interactions {
  validateInteractions(x, module)
  if (x.users.length === 0 || x.items.length === 0) {
    throw new InputError(
      `${module}: the log has ${x.users.length} users and ${x.items.length} items; training needs at least one of each.`,
    )
  }
  return x
}

/** Throws unless the seed is a safe integer (rng uses its low 53 bits). */
export function checkSeed(module: string, v: number): number {
  if (!Number.isSafeInteger(v)) throw new InputError(`${module}: seed=${v} must be a safe integer.`)
  return v
}

/** The most factor values (users + items) x d a trainer allocates: 2^28 float64 values (2 GiB). */
export const MAX_FACTOR_VALUES = 2 ** 28

/**
 * Checks the factor dimension before anything is allocated: (users + items) x d float64 values
 * must fit MAX_FACTOR_VALUES. (ALS is regularised, so d may exceed min(users, items); the SVD
 * checks d <= min(rows, cols) of its matrix itself.)
 */
export function checkFactorCount(module: string, d: number, users: number, items: number): void {
  const values = (users + items) * d
  if (values > MAX_FACTOR_VALUES)
    throw new InputError(
      `${module}: ${users + items} rows x ${d} factors would need ${((values * 8) / 1e9).toPrecision(3)} GB; lower the dimension to at most ${Math.floor(MAX_FACTOR_VALUES / (users + items))}.`,
    )
}
