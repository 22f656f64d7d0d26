/**
 * The CLI's y-axis overrides (`--ylim lo,hi`, `--ylog`), applied to any chart after
 * it is built: every quantitative y encoding gets the given range and scale type.
 */
import { yDomainFromData } from './consistency.js'
import type { ChartSpec } from './types.js'

/** A y range to force, and whether the y axis is logarithmic. */
export interface YAxisOverride {
  lim?: [number, number]
  log?: boolean
}

type Node = Record<string, unknown>

/**
 * Returns `spec` with every quantitative y scale set to `o.lim` and, with `o.log`, a log
 * scale. Without `lim`, a log axis takes {@link yDomainFromData}'s log range over the y
 * values of the chart's inline data (positive values only). The input is not modified.
 */
export function withYAxis(spec: ChartSpec, o: YAxisOverride): ChartSpec {
  if (o.lim === undefined && !o.log) return spec
  const copy = structuredClone(spec) as unknown as Node
  visit(copy, undefined, o)
  return copy as unknown as ChartSpec
}

function visit(node: Node, data: Node[] | undefined, o: YAxisOverride): void {
  const values = ((node.data as Node | undefined)?.values as Node[] | undefined) ?? data
  const enc = node.encoding as Record<string, Node> | undefined
  const y = enc?.y
  if (y && y.type === 'quantitative') {
    const fields = [y.field, enc?.y2?.field].filter((f): f is string => typeof f === 'string')
    const scale = { ...((y.scale as Node | undefined) ?? {}) }
    if (o.log) scale.type = 'log'
    if (o.lim) scale.domain = o.lim
    else if (o.log) {
      const ys = (values ?? []).flatMap((row) => fields.map((f) => row[f])).filter((v) => typeof v === 'number')
      scale.domain = yDomainFromData(ys as number[], { log: true })
    }
    if (o.log) delete scale.zero
    y.scale = scale
  }
  for (const key of ['layer', 'vconcat', 'hconcat', 'concat']) {
    const children = node[key]
    if (Array.isArray(children)) for (const c of children) visit(c as Node, values, o)
  }
  if (node.spec && typeof node.spec === 'object') visit(node.spec as Node, values, o)
}
