/** Run by vitest before each test file (vitest.config.ts `setupFiles`). */
import { afterAll } from 'vitest';
import { removeTempDirs } from './tmp.js';

// Temporary folders go with the file that made them (also when files share a worker).
afterAll(removeTempDirs);
