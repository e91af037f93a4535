/** Default file and folder names. */
export const DEFAULT_SPEC_DIR = 'spec';
export const DEFAULT_OUT_DIR = 'generated';
/** The assignment file inside the spec folder, used when no other is named. */
export const DEFAULT_ASSIGNMENTS_FILE = 'assignments.yaml';
