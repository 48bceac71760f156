/** The coverage map of the sources by the knowledge base (see coverage.ts). */
export { COVERED_SHARE, EXCLUSION_REASONS, mapCoverage, quotedPassages, type CoverageFile, type CoverageProblem, type CoverageReport, type Exclusion, type ExclusionReason, type MappedUnit, type QuotedPassage, type UnitStatus } from './coverage.js';
export { factualReasons, isFactual, type FactualReason } from './factual.js';
export { segmentSource, unitBody, type SourceUnit } from './segment.js';
export { COVERAGE_FILE, CoverageFileError, coverageOf, loadExclusions } from './load.js';
