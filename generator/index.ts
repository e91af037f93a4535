/**
 * imps-tokengen's programmatic API: `import { generate, check, review } from 'imps-tokengen'`.
 * Functions return files and diagnostics; only {@link writeGenerated} and
 * {@link generateAndWrite} write.
 * @packageDocumentation
 */
export { check, generate, generateAndWrite, review, suggest, writeGenerated } from './api.js';
export type { CheckResult, GenerateAndWriteResult, GenerateResult, ReviewOptions, RunOptions } from './api.js';
export type { ChangeRequestReview, ReviewErratum, ReviewReport, ReviewRow } from './review/report.js';
export type { OccupancyGrid, Slot, SlotState } from './review/occupancy.js';
export type { SuggestedErratum, Suggestion, SuggestResult } from './review/suggest.js';
export { loadSpec } from './load.js';
export type { LoadOptions, LoadResult } from './load.js';
export { resolveSettings, CONFIG_FILE_NAMES, OUTPUT_KINDS } from './settings.js';
export type { OutputKind, Settings, SettingsInput } from './settings.js';
export { formatDiagnostic, formatDiagnosticsText, summarize } from './diagnostics.js';
export type { Diagnostic, RelatedPlace, Severity, SourceSpan } from './diagnostics.js';
export type { GeneratedFile } from './emit/plan.js';
export type { Drift } from './write/output-folder.js';
export type { ChangeRequestReport, ChangeRow, RowStatus } from './compose/types.js';
export { diffVersions } from './model/diff.js';
export type { ScopeDiff, VersionDiff } from './model/diff.js';
export type * from './model/types.js';
export { UsageError } from './errors.js';
