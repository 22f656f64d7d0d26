/**
 * Child process of `avgcon serve` for one estimate: receives {file, query} over IPC,
 * sends `progress`, then `result` or `failed`, then exits. The server kills it when
 * the client goes away or the server stops.
 */
import { requestMessage, runServedEstimate, type EstimateQuery } from './estimate-run.js'

/** What the worker sends to the server. */
export type WorkerMessage =
  | { type: 'progress'; done: number; total: number }
  | { type: 'result'; envelope: unknown }
  | { type: 'failed'; message: string }

const send = (m: WorkerMessage): Promise<void> =>
  new Promise((resolve) => (process.send ? process.send(m, undefined, {}, () => resolve()) : resolve()))

process.once('message', (m: { file: string; query: EstimateQuery }) => {
  runServedEstimate(m.file, m.query, (done, total) => void send({ type: 'progress', done, total }))
    .then((envelope) => send({ type: 'result', envelope }))
    .catch((err: unknown) =>
      send({
        type: 'failed',
        message: requestMessage(err),
      }),
    )
    .finally(() => process.exit(0))
})
