/**
 * imps-tokengen's programmatic API: `import { generate, check, review } from 'imps-tokengen'`.
 * One function per CLI command, taking the same settings; they return files, reports and
 * diagnostics, and only {@link writeGenerated} and {@link generateAndWrite} write.
 * @packageDocumentation
 */
export { check, diff, generate, generateAndWrite, loadCodec, review, suggest, tables, validate, writeGenerated } from './api.js';
export type {
  CheckResult,
  CodecResult,
  DiffOptions,
  GenerateAndWriteResult,
  GenerateResult,
  ReviewOptions,
  RunOptions,
  SuggestOutput,
  TablesOptions,
  TablesResult,
  ValidateResult,
} from './api.js';
export type { SpecDiff } from './diff/spec-diff.js';
export type { ChangeRequestReview, ReviewErratum, ReviewReport, ReviewRow } from './review/report.js';
export type { OccupancyGrid, Slot, SlotState } from './review/occupancy.js';
export type { SuggestedErratum, Suggestion, SuggestResult } from './review/suggest.js';
export { loadSpec } from './load.js';
export type { LoadOptions, LoadResult } from './load.js';
export { resolveSettings, CONFIG_FILE_NAMES, ENUM_STYLES, IDENTIFIER_STYLES, IMPORT_EXTENSIONS, OUTPUT_KINDS } from './settings.js';
export type { EnumStyle, IdentifierStyle, ImportExtension, OutputKind, Settings, SettingsInput } from './settings.js';
export { formatDiagnostic, formatDiagnosticsText, summarize } from './diagnostics.js';
export type { Diagnostic, RelatedPlace, Severity, SourceSpan } from './diagnostics.js';
export type { GeneratedFile } from './emit/plan.js';
export type { Drift } from './write/output-folder.js';
export type { ChangeRequestReport, ChangeRow, RowStatus } from './compose/types.js';
export { diffVersions } from './model/diff.js';
export type { ScopeDiff, VersionDiff } from './model/diff.js';
export type * from './model/types.js';
export { UsageError } from './errors.js';
// The codec `loadCodec` returns: the engine's types and its error.
export { WbxmlError } from './runtime/errors.js';
export type { CspElement, CspNode, CspTables, DecodeOptions, DecodeResult, EncodeOptions, WbxmlErrorCode } from './runtime/index.js';
