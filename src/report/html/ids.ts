/** Element ids shared by the page builders (Node) and the page scripts (browser, web/). */

/** The report's results JSON block. */
export const REPORT_DATA_ID = 'avgcon-results'
/** The report's chart list: `[{ id, spec }]`. */
export const REPORT_CHARTS_ID = 'avgcon-charts'
/** The explorer's start-up settings block. */
export const EXPLORER_CONFIG_ID = 'avgcon-explorer'
