#!/usr/bin/env node
// Thin launcher: the CLI lives in dist/cli/main.js (compiled from src/cli/ by `npm install`/`npm run build`).
// main() returns the exit code; output written to stdout/stderr is flushed before the process exits.
// CPI_SIM_TEST_START_DELAY_MS=N makes start-up N ms slower, so the test suite can be run as on a busy machine
// where the CLI takes seconds to start (`CPI_SIM_TEST_START_DELAY_MS=4000 npm test`); unset, it does nothing.
const delay = Number(process.env.CPI_SIM_TEST_START_DELAY_MS ?? 0);
const started = delay > 0 ? new Promise((done) => setTimeout(done, delay)) : Promise.resolve();
started
  .then(() => import('../dist/cli/main.js'))
  .then(
    async (m) => {
      const code = await m.main(process.argv.slice(2));
      process.exit(code);
    },
    (err) => {
      if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/cli/main.js')) {
        console.error('cpi-sim: the compiled CLI is missing; run `npm install` (or `npm run build`) in the package folder first.');
      } else {
        console.error(err);
      }
      process.exit(1);
    },
  );
