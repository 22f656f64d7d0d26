export { center, meanRow } from './center.js'
export { normalize } from './normalize.js'
