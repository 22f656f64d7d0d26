/** Items that a training log never touches: their factors are left near their initial values. */
import type { Interactions } from '../io/interactions.js'

/** The number of items of the log's vocabulary that no interaction of `train` touches. */
export function countUntrained(train: Interactions): number {
  const seen = new Uint8Array(train.items.length)
  for (let t = 0; t < train.item.length; t++) seen[train.item[t]!] = 1
  let n = 0
  for (let i = 0; i < seen.length; i++) n += 1 - seen[i]!
  return n
}
