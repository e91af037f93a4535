#!/usr/bin/env node
/** The `imps-tokengen` executable. */
import { main } from './cli/main.js';
import { processIo } from './cli/io.js';

// A reader that stops early (`| head`) closes the pipe; that is not an error of ours.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

process.exitCode = await main(process.argv.slice(2), processIo());
