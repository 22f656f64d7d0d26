/**
 * Training item embeddings from interaction logs: implicit ALS and SVD (PPMI or
 * user-item), per-user splits, and held-out ranking metrics.
 */
export { trainAls, trainAlsAsync, alsLoss, type AlsOptions, type AlsModel } from './als.js'
export { trainSvd, type SvdOptions, type SvdModel } from './svd.js'
export { randomizedSvd, type RandomizedSvdOptions, type TruncatedSvd } from './randomized-svd.js'
export { csrOperator, denseOperator, type LinearOperator } from './operator.js'
export { transpose, csrFromCoo, userItemCsr, type Csr } from './csr.js'
export { cooccurrence, ppmi } from './ppmi.js'
export { splitPerUser, type SplitOptions, type Split } from './split.js'
export { evaluateRanking, averageItemEmbeddings, type RankingMetrics } from './metrics.js'
export { countUntrained } from './untrained.js'
export { weightMatrix, WEIGHTINGS, type Weighting, type Bm25Params } from './weighting.js'
export { FitError } from './fit-error.js'
export type { Progress } from './options.js'
