// End to end on a real single-node SLURM (slurmctld, slurmd and munge from Debian's packages, started by
// scripts/slurm-up.sh): `cpi-sim slurm --submit` queues a 2-shard array and the merge after it; the merged
// folder must be byte-identical to a local unsharded sweep. CI sets CPI_SIM_SLURM=1, which makes a missing
// SLURM a failure; without it the test is skipped, saying why, only when sbatch is not installed.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/cli-io.js';
import { loadSweep } from '../../src/sweep/load-sweep.js';
import { planSweep } from '../../src/sweep/plan.js';
import { runSweep } from '../../src/sweep/run-sweep.js';
import { folderBytes, smallSweep, tempDir, writeSweep } from './sweep-fixture.js';
import { toolAvailable } from '../support/optional-tools.js';

const hasSbatch = toolAvailable('slurm');
const scripts = fileURLToPath(new URL('../../scripts/', import.meta.url));
const root = tempDir('slurm');
let started = false;

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Wait until SLURM no longer lists the job as pending or running; returns its final state. */
async function waitForJob(id: string, timeoutMs: number): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const queued = spawnSync('squeue', ['-h', '-j', id], { encoding: 'utf8' });
    if (queued.status === 0 && queued.stdout.trim() === '') break;
    if (Date.now() > until) throw new Error(`job ${id} still queued after ${timeoutMs} ms: ${queued.stdout}${queued.stderr}`);
    await sleep(300);
  }
  const shown = spawnSync('scontrol', ['show', 'job', id], { encoding: 'utf8' }).stdout;
  return /JobState=(\S+)/.exec(shown)?.[1] ?? 'UNKNOWN';
}

describe.skipIf(!hasSbatch)(hasSbatch ? 'a sweep on SLURM' : 'a sweep on SLURM (skipped: SLURM is not installed)', () => {
  beforeAll(() => {
    const up = execFileSync('bash', [join(scripts, 'slurm-up.sh')], { encoding: 'utf8' });
    started = up.trim() === 'started';
  });
  afterAll(() => {
    if (started) execFileSync('bash', [join(scripts, 'slurm-down.sh')]);
    rmSync(root, { recursive: true, force: true });
  });

  test('an array job of 2 shards and the merge after it give a folder byte-identical to a local unsharded sweep', async () => {
    const file = writeSweep(root, smallSweep({ replicates: 3 }), 'slurm-sweep.json');
    let stdout = '';
    let stderr = '';
    const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd: root, stderrIsTTY: false, columns: 100 };
    const code = await main(['slurm', 'slurm-sweep.json', '--shards', '2', '--out', 'cluster', '--cpus-per-task', '1', '--submit'], io);
    expect(code, stderr).toBe(0);
    const arrayId = /^array_job_id=(\d+)$/m.exec(stdout)?.[1];
    const mergeId = /^merge_job_id=(\d+)$/m.exec(stdout)?.[1];
    expect(arrayId && mergeId, stdout).toBeTruthy();

    const local = join(root, 'local');
    await runSweep(planSweep(loadSweep(file)), { out: local, workers: 2 });

    const mergeState = await waitForJob(mergeId!, 150_000);
    const logs = (name: string) => {
      try {
        return readFileSync(join(root, 'cluster/slurm/logs', name), 'utf8');
      } catch {
        return '(no log)';
      }
    };
    expect(mergeState, `merge log:\n${logs('merge.out')}\nshard logs:\n${logs('shard-1.out')}\n${logs('shard-2.out')}`).toBe('COMPLETED');
    for (const k of [1, 2]) expect(JSON.parse(readFileSync(join(root, `cluster/shards/${k}/manifest.json`), 'utf8')).shard).toBe(`${k}/2`);
    expect(folderBytes(join(root, 'cluster/merged'))).toEqual(folderBytes(local));
  });
});
