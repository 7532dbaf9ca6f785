// Every command ends in a result or a clear error on its own input files (issue 13): a value nested 5,000
// deep (validate, run, trial, sweep, slurm and calibrate on scenario, design, sweep, target and prior files),
// "extends" naming /dev/zero or a FIFO, calibrate with fewer particles than free parameters + 2, and slurm
// with a line break or "$(...)" in --out. Each exits 1 naming the file, field or limit, and writes nothing.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { createCli } from '../support/cli.js';
import { buildSlurmScripts } from '../../src/sweep/slurm-scripts.js';
import { SweepError } from '../../src/sweep/sweep-error.js';

const root = mkdtempSync(join(tmpdir(), 'cpi-sim-input-files-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const cli = createCli(root);
const SCENARIOS = fileURLToPath(new URL('../../scenarios/', import.meta.url));
const CALIBRATION = fileURLToPath(new URL('../calibrate/fixtures/', import.meta.url));

/** JSON text with `value` replaced by an array nested `depth` deep (a 10 KB file at 5,000). */
const deepText = (doc: Record<string, unknown>, field: string, depth = 5000) =>
  JSON.stringify({ ...doc, [field]: '@@' }).replace('"@@"', '['.repeat(depth) + ']'.repeat(depth));

const write = (name: string, text: string) => {
  const file = join(root, name);
  writeFileSync(file, text);
  return file;
};

/** The command exits 1 with a message matching every pattern, no stack trace, and `out` is not created. */
async function refused(argv: string[], patterns: RegExp[], out?: string) {
  const r = await cli(argv);
  expect(r.code, r.stderr).toBe(1);
  for (const p of patterns) expect(r.stderr).toMatch(p);
  expect(r.stderr).not.toMatch(/RangeError|TypeError|unexpected error|\n\s+at /);
  if (out) expect(existsSync(join(root, out)), out).toBe(false);
}

const DEEP = /nested more than 64 levels deep at line 1, column \d+ .*allowed: at most 64 levels/;

describe('values nested 5,000 deep', () => {
  const scenario = deepText({ name: 'deep', extends: 'teaching-barriers', arms: [{ name: 'a' }] }, 'description');
  const file = write('deep-scenario.json', scenario);

  test('validate and run name the scenario file and the depth limit', async () => {
    expect(scenario.length).toBeLessThan(11_000);
    await refused(['validate', file], [/deep-scenario\.json: invalid scenario/, DEEP]);
    await refused(['run', file, '--ticks', '2', '--out', 'deep-run'], [/deep-scenario\.json/, DEEP], 'deep-run');
  });

  test('a scenario whose extends chain reaches a deep file names that file', async () => {
    write('deep-child.json', JSON.stringify({ name: 'child', extends: 'deep-scenario.json' }));
    await refused(['validate', join(root, 'deep-child.json')], [/deep-scenario\.json/, DEEP]);
  });

  test('trial names the design file', async () => {
    const design = JSON.parse(readFileSync(join(SCENARIOS, 'trials', 'teaching-null.json'), 'utf8'));
    const f = write('deep-design.json', deepText(design, 'retention'));
    await refused(['trial', f, '--replicates', '2', '--out', 'deep-trial'], [/deep-design\.json/, DEEP], 'deep-trial');
  });

  test('sweep and slurm name the sweep file', async () => {
    const sweep = JSON.parse(readFileSync(join(SCENARIOS, 'sweeps', 'fidelity-turnover.json'), 'utf8'));
    const f = write('deep-sweep.json', deepText({ ...sweep, scenario: 'teaching-barriers' }, 'set'));
    await refused(['sweep', f, '--out', 'deep-sweep-out', '--yes'], [/deep-sweep\.json/, DEEP], 'deep-sweep-out');
    await refused(['slurm', f, '--shards', '2', '--out', 'deep-slurm'], [/deep-sweep\.json/, DEEP], 'deep-slurm');
  });

  test('calibrate names the targets file and the free-parameters file', async () => {
    const targets = JSON.parse(readFileSync(join(CALIBRATION, 'teaching-targets.json'), 'utf8'));
    const free = JSON.parse(readFileSync(join(CALIBRATION, 'teaching.free.json'), 'utf8'));
    mkdirSync(join(root, 'cal'), { recursive: true });
    writeFileSync(join(root, 'cal', 'teaching-design.json'), readFileSync(join(CALIBRATION, 'teaching-design.json')));
    const deepTargets = write('cal/deep-targets.json', deepText(targets, 'targets'));
    const okTargets = write('cal/targets.json', JSON.stringify(targets));
    const deepFree = write('cal/deep.free.json', deepText(free, 'parameters'));
    const okFree = write('cal/ok.free.json', JSON.stringify(free));
    await refused(['calibrate', 'teaching-barriers', '--targets', deepTargets, '--free', okFree, '--out', 'deep-cal'], [/deep-targets\.json/, DEEP], 'deep-cal');
    await refused(['calibrate', 'teaching-barriers', '--targets', okTargets, '--free', deepFree, '--out', 'deep-cal'], [/deep\.free\.json/, DEEP], 'deep-cal');
  });
});

describe('files that are not regular files', () => {
  test('"extends": "/dev/zero" is refused at once, naming the extending file and what /dev/zero is', async () => {
    const f = write('zero.json', JSON.stringify({ name: 'zero', extends: '/dev/zero' }));
    await refused(['validate', f], [/zero\.json: invalid scenario/, /extends: "\/dev\/zero" \(\/dev\/zero\): cannot read the scenario file: it is not a regular file/]);
  });

  test('"extends" naming a FIFO, and a FIFO given as the scenario, do not hang', async () => {
    const fifo = join(root, 'pipe.json');
    execFileSync('mkfifo', [fifo]);
    const f = write('pipe-child.json', JSON.stringify({ name: 'pipe-child', extends: fifo }));
    await refused(['validate', f], [/pipe-child\.json/, /it is not a regular file/]);
    await refused(['run', fifo, '--ticks', '2', '--out', 'fifo-run'], [/pipe\.json/, /it is not a regular file/], 'fifo-run');
  });

  test('a folder given as a sweep file is refused as a folder', async () => {
    mkdirSync(join(root, 'folder-sweep.json'));
    await refused(['sweep', join(root, 'folder-sweep.json'), '--out', 'folder-sweep-out', '--yes'], [/folder-sweep\.json: cannot read the sweep file: it is a folder/], 'folder-sweep-out');
  });
});

describe('calibrate --particles', () => {
  test('5 particles for six free parameters is refused up front with the minimum, 8', async () => {
    await refused(
      ['calibrate', 'pilot-england', '--targets', join(SCENARIOS, 'targets', 'cpi-pilot.json'), '--free', join(SCENARIOS, 'targets', 'cpi-pilot.free.json'), '--particles', '5', '--out', 'few-particles'],
      [/--particles 5: too few for 6 free parameters/, /at least free parameters \+ 2 = 8 particles/, /allowed: --particles 8 or more/],
      'few-particles',
    );
  });
});

describe('slurm --out', () => {
  const sweep = JSON.parse(readFileSync(join(SCENARIOS, 'sweeps', 'fidelity-turnover.json'), 'utf8'));
  const sweepFile = write('slurm-sweep.json', JSON.stringify({ ...sweep, scenario: 'teaching-barriers' }));

  test('a line break in --out is refused before anything is written (it would inject shell lines)', async () => {
    const out = 'x\necho INJECTED';
    await refused(['slurm', sweepFile, '--shards', '2', '--out', out], [/--out: ".*x\\necho INJECTED" holds a control character \(U\+000A\)/]);
    expect(readdirSync(root).some((n) => n.startsWith('x'))).toBe(false);
  });

  test('"$(...)" in --out is refused (an #SBATCH line cannot hold it), nothing written', async () => {
    await refused(['slurm', sweepFile, '--shards', '2', '--out', 'out$(touch pwned)'], [/--out: ".*out\$\(touch pwned\)" holds "\$", which an #SBATCH line cannot hold/]);
    expect(readdirSync(root).some((n) => n.startsWith('out$'))).toBe(false);
    expect(existsSync(join(root, 'pwned'))).toBe(false);
  });

  test('a sweep file whose path holds "$(...)", quotes and spaces is single-quoted in every shell line', async () => {
    const dir = join(root, "it's $(touch pwned) here");
    mkdirSync(dir);
    const f = join(dir, 'sweep.json');
    writeFileSync(f, JSON.stringify({ ...sweep, scenario: 'teaching-barriers' }));
    const r = await cli(['slurm', f, '--shards', '2', '--out', 'quoted']);
    expect(r.code, r.stderr).toBe(0);
    const array = readFileSync(join(root, 'quoted', 'slurm', 'array.sbatch'), 'utf8');
    expect(array).toContain(` sweep '${dir.replace(/'/g, `'\\''`)}/sweep.json' --out `);
    // bash parses it, and the word it gets is the path itself.
    const line = array.split('\n').find((l) => l.includes(' --shard '))!;
    const quoted = line.slice(line.indexOf(' sweep ') + 7, line.indexOf(' --out '));
    expect(execFileSync('bash', ['-c', `printf '%s' ${quoted}`], { encoding: 'utf8' })).toBe(f);
    expect(existsSync(join(root, 'pwned'))).toBe(false);
  });

  test('buildSlurmScripts refuses a control character in any path with a SweepError', () => {
    const base = { sweepFile: '/a/sweep.json', out: '/a/out', shards: 2, jobName: 'cpi-sim-x', command: ['/usr/bin/node', '/opt/cpi-sim/bin/cpi-sim.js'] };
    expect(() => buildSlurmScripts({ ...base, out: '/a/out\n#SBATCH --x' })).toThrow(SweepError);
    expect(() => buildSlurmScripts({ ...base, sweepFile: '/a/s\r.json' })).toThrow(/control character \(U\+000D\)/);
    expect(() => buildSlurmScripts({ ...base, command: ['/usr/bin/node\n', 'x'] })).toThrow(SweepError);
    expect(buildSlurmScripts(base).array).toContain('#SBATCH --output=/a/out/slurm/logs/shard-%a.out');
  });
});
