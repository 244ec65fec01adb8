/**
 * callspec/scenarios: scenario files (YAML or JSON) as vitest tests, and the pieces the
 * `callspec run` command is made of, for tools of your own.
 */
export { scenarios, type ScenariosOptions } from './vitest.js'
export { parseScenarioFile, type PlatformCatalog } from './parse.js'
export { compileScenario } from './compile.js'
export { runScenario, type ScenarioResult, type ScenarioFailure } from './run.js'
export { findScenarioFiles, loadScenarioFiles, shardOf } from './load.js'
export { ScenarioFileError, ScenarioFilesError } from './scenario-error.js'
export { parseDuration } from './duration.js'
export { toScenarioFile, type ScenarioEmitOptions } from '../explore/emit-scenarios.js'
export type { Scenario, ScenarioFile, ScenarioStep, SourcePosition, StartRequest } from './types.js'
export { htmlReport, jsonReport, junitReport, prettyReport, transcriptToMermaid, transcriptToSvg } from '../report/index.js'
export type { ReportSection, RunSummary } from '../report/index.js'
