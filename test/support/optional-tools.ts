// The system tools some tests need beyond Node.js (Chromium, SLURM, Python with networkx/pandas, R, pdftotext),
// found once, so each test can skip with a reason and the run can say at its start what it will skip. With
// CPI_SIM_E2E=1 (CI) a missing browser, Python or R tool is a failure, not a skip; CPI_SIM_SLURM=1 does the same
// for SLURM. scripts/install-test-tools.sh installs them all on Debian or Ubuntu.
import { accessSync, constants, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { delimiter, join } from 'node:path';

export const INSTALL_HINT = 'sudo bash scripts/install-test-tools.sh';

export interface OptionalTool {
  /** A short name for messages. */
  readonly name: string;
  /** What the tests use it for. */
  readonly usedFor: string;
  /** The environment variable that makes it required (a missing tool then fails the tests). */
  readonly requiredBy: 'CPI_SIM_E2E' | 'CPI_SIM_SLURM';
  /** Whether it is here. */
  readonly present: () => boolean;
}

const python = process.env.CPI_SIM_PYTHON ?? '/usr/bin/python3';
const canRun = (cmd: string, args: string[]) => {
  const r = spawnSync(cmd, args, { stdio: 'ignore', timeout: 60_000 });
  return r.status === 0;
};
/**
 * Whether an executable called `cmd` is on PATH (or in /usr/sbin, where Debian puts the SLURM daemons). Used
 * for SLURM, whose commands cannot run before scripts/slurm-up.sh has written /etc/slurm/slurm.conf (`sbatch
 * --version` exits 1 on a fresh install: "Could not establish a configuration source").
 */
const onPath = (cmd: string) =>
  [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/sbin'].some((dir) => {
    if (!dir) return false;
    try {
      accessSync(join(dir, cmd), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
const memo = (f: () => boolean) => {
  let v: boolean | undefined;
  return () => (v ??= f());
};

export const OPTIONAL_TOOLS: readonly OptionalTool[] = [
  { name: 'chromium', usedFor: 'browser tests (report, HTML charts, explorer)', requiredBy: 'CPI_SIM_E2E', present: memo(() => existsSync(process.env.CPI_SIM_CHROMIUM ?? '/usr/bin/chromium')) },
  { name: 'slurm', usedFor: 'a sweep on a real single-node SLURM', requiredBy: 'CPI_SIM_SLURM', present: memo(() => ['sbatch', 'squeue', 'scontrol', 'sinfo', 'slurmctld', 'slurmd', 'munged'].every(onPath)) },
  { name: 'networkx', usedFor: 'exported GraphML/GEXF read by networkx and igraph', requiredBy: 'CPI_SIM_E2E', present: memo(() => canRun(python, ['-c', 'import networkx, igraph'])) },
  { name: 'pandas', usedFor: 'exported CSV files read by pandas', requiredBy: 'CPI_SIM_E2E', present: memo(() => canRun(python, ['-c', 'import pandas'])) },
  { name: 'readr', usedFor: 'exported CSV files read by R readr', requiredBy: 'CPI_SIM_E2E', present: memo(() => canRun('Rscript', ['-e', 'library(readr)'])) },
  { name: 'pdftotext', usedFor: 'the report printed to PDF and read back', requiredBy: 'CPI_SIM_E2E', present: memo(() => canRun('pdftotext', ['-v'])) },
];

export const PYTHON = python;

/** The tool called `name`. */
export function optionalTool(name: string): OptionalTool {
  const tool = OPTIONAL_TOOLS.find((t) => t.name === name);
  if (!tool) throw new Error(`no optional tool "${name}"`);
  return tool;
}

/**
 * Whether the tests that need `name` run here. When it is missing they are skipped with a printed reason,
 * unless its variable (CPI_SIM_E2E or CPI_SIM_SLURM) is 1, where the missing tool throws.
 */
export function toolAvailable(name: string): boolean {
  const tool = optionalTool(name);
  if (tool.present()) return true;
  if (process.env[tool.requiredBy] === '1') throw new Error(`${tool.requiredBy}=1 but ${tool.name} is missing (needed for ${tool.usedFor}): ${INSTALL_HINT}`);
  console.warn(`skipping ${tool.usedFor}: ${tool.name} is not installed (${INSTALL_HINT}; ${tool.requiredBy}=1 makes it required)`);
  return false;
}

/** The reason tests needing `name` are skipped here, for a test's title; undefined when they run. */
export function skipReason(name: string): string | undefined {
  return toolAvailable(name) ? undefined : `skipped: ${optionalTool(name).name} is not installed (${INSTALL_HINT})`;
}
