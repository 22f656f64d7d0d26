/** Text tables and CSV: defined at ground level (src/format.ts), re-exported for report/. */
export { decimalsFor, formatCsv, formatTable, type Column } from '../format.js'
