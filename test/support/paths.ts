/** Where the tests find the project and its test data. */
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Test data copied from the project's shared research folder (see test/fixtures/shared/README.md). */
export const SHARED = fileURLToPath(new URL('../fixtures/shared', import.meta.url));
