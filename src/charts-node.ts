// The Node-only half of the public API, at `cpi-sim/charts`: rendering chart specs to SVG, PNG, HTML or
// JSON (vega, vega-lite and resvg), reading results folders into charts, and the grant writer's report. Kept
// apart from the main entry so that `import 'cpi-sim'` does not load the renderers (nor fail where they
// cannot load, such as a TypeScript notebook kernel on Node 20).
export { renderChart, compileChart, chartFontFiles, CHART_FORMATS, type ChartFormat, type RenderChartOptions } from './charts/render-chart.js';
export { inspectResultsFolder, type ResultsFolder, type ResultsFolderKind } from './charts/results-folder.js';
export { readFolderChart, chartKindsOf, CHART_KINDS, type ChartKind, type FolderChart, type FolderChartOptions } from './charts/folder-chart.js';
export { buildReportDocument, type ReportOptions, type ReportDocument } from './charts/report-document.js';
export { readCsvTable, type CsvTableOptions } from './charts/csv-table.js';
