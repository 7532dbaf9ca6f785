#!/usr/bin/env node
// Thin launcher: the CLI lives in dist/cli/main.js (compiled from src/cli/ by `npm install`/`npm run build`).
// main() returns the exit code; output written to stdout/stderr is flushed before the process exits.
import('../dist/cli/main.js').then(
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
