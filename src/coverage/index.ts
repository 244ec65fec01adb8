export { computeCoverage, type CoverageReport, type MenuCoverage, type CoverageTotals } from './compute.js'
export { formatCoverage, coverageMermaid, checkThresholds, type CoverageThresholds } from './format.js'
export { default as CallspecCoverageReporter, type CoverageReporterOptions } from './reporter.js'
