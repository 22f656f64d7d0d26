/**
 * The pages' stylesheet (inlined into every page). System fonts only: a report
 * must not load a web font, and it should read like the `--plot` figures.
 */

/** CSS of the report and the explorer. */
export const PAGE_CSS = `
:root { --ink: #1d2430; --muted: #5b6576; --line: #d9dee6; --accent: #0072B2; --bg: #f6f7f9; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 "DejaVu Sans", Helvetica, Arial, sans-serif; color: var(--ink); background: var(--bg); }
header, main > section, #model-view > section, #model-view > h2, footer { max-width: 1040px; margin: 0 auto; padding: 0 20px; }
header { padding-top: 24px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 16px; margin: 18px 0 6px; }
.subtitle { color: var(--muted); margin: 0 0 12px; }
.summary { background: white; border: 1px solid var(--line); border-left: 4px solid var(--accent); padding: 10px 16px; border-radius: 4px; }
.summary p { margin: 6px 0; }
.note { color: var(--muted); font-size: 13px; }
.chart { background: white; border: 1px solid var(--line); border-radius: 4px; padding: 8px; margin: 10px 0; overflow-x: auto; min-height: 120px; }
.chart.vega-embed { display: block; box-sizing: border-box; max-width: 100%; } /* vega-embed makes its container inline-block, which let wide charts push the card past the column */
.chart .vega-bindings { display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 13px; padding: 4px 8px; }
.chart .vega-bind label { cursor: pointer; }
table { border-collapse: collapse; background: white; font-size: 13px; margin: 8px 0; }
th, td { border: 1px solid var(--line); padding: 3px 8px; text-align: right; font-variant-numeric: tabular-nums; }
th { background: #eef1f5; cursor: pointer; user-select: none; vertical-align: bottom; }
th.sorted-asc::after { content: " \\25B2"; font-size: 10px; }
th.sorted-desc::after { content: " \\25BC"; font-size: 10px; }
td.text, th.text { text-align: left; }
.table-wrap { overflow-x: auto; }
dl.settings { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; background: white; border: 1px solid var(--line); padding: 10px 16px; border-radius: 4px; }
dl.settings dt { color: var(--muted); }
dl.settings dd { margin: 0; word-break: break-all; font-family: "DejaVu Sans Mono", monospace; font-size: 13px; }
button { font: inherit; padding: 4px 12px; border: 1px solid var(--accent); background: white; color: var(--accent); border-radius: 4px; cursor: pointer; }
button:hover { background: #e8f1f8; }
footer { color: var(--muted); font-size: 12px; padding: 24px 20px 40px; }
.controls { display: grid; grid-template-columns: repeat(auto-fill, minmax(400px, 1fr)); gap: 8px 20px; background: white; border: 1px solid var(--line); padding: 12px 16px; border-radius: 4px; }
.controls label { display: grid; grid-template-columns: 100px 1fr 120px; align-items: center; gap: 8px; font-size: 14px; }
.controls input[type=number], .controls input[type=text], .controls select { width: 100%; font: inherit; font-size: 13px; }
.error { color: #b00020; font-weight: bold; min-height: 1.5em; }
.drop { border: 2px dashed var(--line); border-radius: 6px; padding: 14px; text-align: center; color: var(--muted); background: white; }
.drop.over { border-color: var(--accent); background: #e8f1f8; }
ul.runs { list-style: none; padding: 0; margin: 8px 0; }
ul.runs li { display: flex; gap: 8px; align-items: center; padding: 2px 0; }
`
