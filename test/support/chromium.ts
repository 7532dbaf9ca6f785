// Headless Chromium for the browser tests: Debian's /usr/bin/chromium driven by playwright-core (which never
// downloads a browser). Tests that need it call `chromiumOrSkip()`: without Chromium they are skipped with a
// message, unless CPI_SIM_E2E=1 (CI), where a missing browser is a failure.
import { toolAvailable } from './optional-tools.js';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.CPI_SIM_CHROMIUM ?? '/usr/bin/chromium';

/** Flags that keep Chromium from reaching for the network (this machine's is closed) or a GPU. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Whether the browser tests run here (a skip prints why); throws in CI (CPI_SIM_E2E=1) when Chromium is missing. */
export function chromiumAvailable(): boolean {
  return toolAvailable('chromium');
}

export async function launchChromium(): Promise<Browser> {
  // playwright gives every launch a fresh temporary profile.
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}
