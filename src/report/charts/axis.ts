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
  panel(copy, undefined, o)
  return copy as unknown as ChartSpec
}

/** The y values a node and its layers draw, from the nearest inline data. */
function yValues(node: Node, data: Node[] | undefined): number[] {
  const values = ((node.data as Node | undefined)?.values as Node[] | undefined) ?? data
  const enc = node.encoding as Record<string, Node> | undefined
  const fields = enc?.y?.type === 'quantitative' ? [enc.y.field, enc.y2?.field] : []
  const own = (values ?? []).flatMap((row) => fields.map((f) => (typeof f === 'string' ? row[f] : undefined)))
  const nested = [...((node.layer as Node[] | undefined) ?? []), ...(node.spec ? [node.spec as Node] : [])]
  return [...own.filter((v): v is number => typeof v === 'number'), ...nested.flatMap((c) => yValues(c, values))]
}

/** One panel (the chart, or one chart of a concat): one y range for all its layers, so they share a scale. */
function panel(node: Node, data: Node[] | undefined, o: YAxisOverride): void {
  const values = ((node.data as Node | undefined)?.values as Node[] | undefined) ?? data
  for (const key of ['vconcat', 'hconcat', 'concat']) {
    const children = node[key]
    if (Array.isArray(children)) for (const c of children) panel(c as Node, values, o)
  }
  if (node[`vconcat`] || node[`hconcat`] || node[`concat`]) return
  const domain = o.lim ?? (o.log ? yDomainFromData(yValues(node, data), { log: true }) : undefined)
  setScales(node, o, domain)
}

function setScales(node: Node, o: YAxisOverride, domain: [number, number] | undefined): void {
  const y = (node.encoding as Record<string, Node> | undefined)?.y
  if (y && y.type === 'quantitative') {
    const scale = { ...((y.scale as Node | undefined) ?? {}) }
    if (o.log) {
      scale.type = 'log'
      delete scale.zero
    }
    if (domain) scale.domain = domain
    y.scale = scale
  }
  for (const c of (node.layer as Node[] | undefined) ?? []) setScales(c, o, domain)
  if (node.spec) setScales(node.spec as Node, o, domain)
}
