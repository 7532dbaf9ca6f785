// Other programs' readers for the interoperability tests: Debian's /usr/bin/python3 with networkx, igraph
// and pandas, and Rscript with readr and igraph, reading what cpi-sim wrote as a researcher would. Tests
// that need one call `pythonAvailable([...])` or `rAvailable([...])`: without it they are skipped with a
// message, unless CPI_SIM_E2E=1 (CI), where a missing reader is a failure (as test/support/chromium.ts).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Debian's Python: the `python3` on PATH may be another build without these modules. */
export const PYTHON = process.env.CPI_SIM_PYTHON ?? '/usr/bin/python3';
export const RSCRIPT = process.env.CPI_SIM_RSCRIPT ?? '/usr/bin/Rscript';

const PYTHON_PACKAGES: Readonly<Record<string, string>> = { networkx: 'python3-networkx', igraph: 'python3-igraph', pandas: 'python3-pandas' };
const R_PACKAGES: Readonly<Record<string, string>> = { readr: 'r-cran-readr', igraph: 'r-cran-igraph' };

function availableOrSkip(what: string, missing: string | undefined, install: string): boolean {
  if (missing === undefined) return true;
  if (process.env.CPI_SIM_E2E === '1') throw new Error(`CPI_SIM_E2E=1 but ${missing}: apt-get install -y --no-install-recommends ${install}`);
  console.warn(`skipping ${what}: ${missing} (apt-get install -y --no-install-recommends ${install}; CI sets CPI_SIM_E2E=1)`);
  return false;
}

/** Whether /usr/bin/python3 imports every module; throws under CPI_SIM_E2E=1 when one is missing. */
export function pythonAvailable(modules: readonly string[]): boolean {
  const install = modules.map((m) => PYTHON_PACKAGES[m] ?? `python3-${m}`).join(' ');
  const what = `the tests that read cpi-sim's files with Python's ${modules.join(', ')}`;
  if (!existsSync(PYTHON)) return availableOrSkip(what, `${PYTHON} not found`, install);
  const r = spawnSync(PYTHON, ['-c', modules.map((m) => `import ${m}`).join('; ')], { encoding: 'utf8' });
  return availableOrSkip(what, r.status === 0 ? undefined : `${PYTHON} cannot import ${modules.join(', ')}`, install);
}

/** Whether Rscript loads every package; throws under CPI_SIM_E2E=1 when one is missing. */
export function rAvailable(packages: readonly string[]): boolean {
  const install = ['r-base-core', ...packages.map((p) => R_PACKAGES[p] ?? `r-cran-${p}`)].join(' ');
  const what = `the tests that read cpi-sim's files with R's ${packages.join(', ')}`;
  if (!existsSync(RSCRIPT)) return availableOrSkip(what, `${RSCRIPT} not found`, install);
  const r = spawnSync(RSCRIPT, ['-e', packages.map((p) => `suppressPackageStartupMessages(library(${p}))`).join('; ')], { encoding: 'utf8' });
  return availableOrSkip(what, r.status === 0 ? undefined : `R cannot load ${packages.join(', ')}`, install);
}

/** Run a Python script (its arguments after it) and parse the JSON it prints; its stderr in the error if it fails. */
export function runPythonJson<T = unknown>(script: string, args: readonly string[] = []): T {
  const r = spawnSync(PYTHON, ['-c', script, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${PYTHON} failed (exit ${r.status}):\n${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

/** Run an R expression (its arguments after it, in commandArgs(trailingOnly = TRUE)) and return what it prints. */
export function runR(expression: string, args: readonly string[] = []): string {
  const r = spawnSync(RSCRIPT, ['-e', expression, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${RSCRIPT} failed (exit ${r.status}):\n${r.stderr}`);
  return r.stdout;
}
