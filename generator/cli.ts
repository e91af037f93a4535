#!/usr/bin/env node
/** The `imps-tokengen` executable. */
import { setFlagsFromString } from 'node:v8';
import { main } from './cli/main.js';
import { processIo } from './cli/io.js';

/**
 * Commands that read the spec run each piece of code once or a few times (parse 60 KB of markdown,
 * load and run the TypeScript compiler, print the outputs) and exit: V8's optimizing compiler
 * (TurboFan) does not pay for itself there. It compiled about 240 functions in a cold `generate`,
 * several of micromark's again and again after deoptimizing, for about a third of the CPU time of
 * the run (issue 11; README, "Measured figures"). Without it, code runs in the interpreter and the
 * baseline compiler (Sparkplug), V8's stable tiers. `encode` and `decode` keep it: their time is
 * the codec's loops over input of any size. Set before any command module is loaded.
 */
const SHORT_RUNS = new Set(['generate', 'check', 'validate', 'tables', 'review', 'suggest', 'diff']);
if (SHORT_RUNS.has(process.argv[2] ?? '')) setFlagsFromString('--no-opt');

// A reader that stops early (`| head`) closes the pipe; that is not an error of ours.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

process.exitCode = await main(process.argv.slice(2), processIo());
