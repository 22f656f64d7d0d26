/** Seconds since `started` (a performance.now() reading), to the millisecond, as results JSON reports them. */
export function secondsSince(started: number): number {
  return Math.round(performance.now() - started) / 1000
}
