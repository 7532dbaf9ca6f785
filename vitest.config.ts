// vitest configuration: tests live in test/ and mirror src/. The global setup compiles src/ to dist/
// first, so the tests that start the real `cpi-sim` binary run the code under test.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
