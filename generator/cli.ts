#!/usr/bin/env node
/** The `imps-tokengen` executable. */
import { setFlagsFromString } from 'node:v8';
import { main } from './cli/main.js';
import { processIo } from './cli/io.js';

/**
 * Commands that read the spec run most of their code once or a few times (parse 60 KB of markdown,
 * load and run the TypeScript compiler, print the outputs) and exit. With V8's default tiering the
 * optimizing compiler (TurboFan) compiled about 240 functions in a cold `generate`, several of
 * micromark's again and again after deoptimizing: about a third of the run's CPU time (issue 11;
 * README, "Measured figures"). Eight times V8's interrupt budget (Node 20's default: 66 KiB of
 * bytecode run) lets a function run that much longer before it is optimized: in a short run
 * almost nothing is, while a spec 100 times the shipped one still gets its hot loops optimized
 * (turning TurboFan off altogether, `--no-opt`, was as fast on the shipped spec and 35% slower
 * there). `encode` and `decode` keep the default: their time is the codec's loops over input of
 * any size. Set before any command module is loaded.
 */
const SHORT_RUNS = new Set(['generate', 'check', 'validate', 'tables', 'review', 'suggest', 'diff']);
if (SHORT_RUNS.has(process.argv[2] ?? '')) setFlagsFromString('--interrupt-budget=540672');

// A reader that stops early (`| head`) closes the pipe; that is not an error of ours.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

process.exitCode = await main(process.argv.slice(2), processIo());
