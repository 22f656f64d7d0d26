/** Element ids shared by the page builders (Node) and the page scripts (browser, web/). */

/** The report's results JSON block. */
export const REPORT_DATA_ID = 'avgcon-results'
/** The report's chart list: `[{ id, spec }]`. */
export const REPORT_CHARTS_ID = 'avgcon-charts'
/** The explorer's start-up settings block. */
export const EXPLORER_CONFIG_ID = 'avgcon-explorer'
/** A several-model report's models block: `[{ label, colour, html, charts }]` (see PageModel). */
export const REPORT_MODELS_ID = 'avgcon-models'
/** The element of a several-model report's overlay chart. */
export const MODELS_CHART_ID = 'chart-models'
