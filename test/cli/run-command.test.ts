// Tests for `cpi-sim run` (src/cli/run-command.ts through main): the results folder, its files and
// manifest, reproducibility, and refusing bad input or an existing folder before anything is written.
// Commands run in-process with captured output and a temporary working folder.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/cli-io.js';
import { USER_MEASURES } from '../../src/metrics/user-measures.js';
import { USER_COLUMNS } from '../../src/output/users-csv.js';

const root = mkdtempSync(join(tmpdir(), 'cpi-sim-run-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function cli(argv: string[], options: { cwd?: string; tty?: boolean; invokedAs?: string; npmKept?: string[] } = {}): Promise<Ran> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    cwd: options.cwd ?? root,
    stderrIsTTY: options.tty ?? false,
    columns: 100,
    invokedAs: options.invokedAs,
    npmKept: options.npmKept,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

const read = (dir: string, file: string) => readFileSync(join(root, dir, file), 'utf8');
const csvRows = (text: string) => text.trimEnd().split('\n').map((l) => l.split(','));
/** Files and folders in the working folder (to check nothing was written). */
const entries = () => readdirSync(root).sort();

describe('cpi-sim run', () => {
  it('writes series.csv, users.csv, scenario.json and manifest.json with the documented headers and row counts', async () => {
    const r = await cli(['run', 'teaching-barriers', '--ticks', '3', '--out', 'basic']);
    expect(r.code).toBe(0);
    expect(readdirSync(join(root, 'basic')).sort()).toEqual(['manifest.json', 'scenario.json', 'series.csv', 'users.csv']);

    const series = csvRows(read('basic', 'series.csv'));
    expect(series[0]).toEqual(['arm', 'tick', 'group', 'measure', 'value']);
    const body = series.slice(1);
    expect(new Set(body.map((row) => row[0]))).toEqual(new Set(['with-barriers', 'no-barriers']));
    expect(new Set(body.map((row) => row[1]))).toEqual(new Set(['0', '1', '2', '3']));
    expect(body.every((row) => row.length === 5 && row[4] !== '' && !Number.isNaN(Number(row[4])))).toBe(true);
    // Sorted by arm (scenario order) then tick.
    const armIndex = (a: string) => ['with-barriers', 'no-barriers'].indexOf(a);
    for (let i = 1; i < body.length; i++) {
      const [a0, t0] = [armIndex(body[i - 1][0]), Number(body[i - 1][1])];
      const [a1, t1] = [armIndex(body[i][0]), Number(body[i][1])];
      expect(a1 > a0 || (a1 === a0 && t1 >= t0)).toBe(true);
    }

    const users = csvRows(read('basic', 'users.csv'));
    expect(users[0]).toEqual([...USER_COLUMNS, ...USER_MEASURES]);
    expect(users.length - 1).toBe(2 * 40 * 2); // arms × users × (baseline, final)

    const scenario = JSON.parse(read('basic', 'scenario.json'));
    expect(scenario.name).toBe('teaching-barriers');
    expect(scenario.ticks).toBe(3);
    expect(scenario.seed).toBe(7);

    const manifest = JSON.parse(read('basic', 'manifest.json'));
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(manifest.package).toEqual({ name: pkg.name, version: pkg.version });
    expect(manifest.scenario.name).toBe('teaching-barriers');
    expect(manifest.scenario.title).toBe(scenario.title);
    expect(manifest.scenario.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect([manifest.seed, manifest.ticks]).toEqual([7, 3]);
    expect(manifest.arms.map((a: { name: string }) => a.name)).toEqual(['with-barriers', 'no-barriers']);
    expect(manifest.run.command).toBe('cpi-sim run teaching-barriers --ticks 3 --out basic');
    expect(manifest.run.node).toBe(process.version);
    expect(Number.isNaN(Date.parse(manifest.run.started_at))).toBe(false);
    expect(manifest.run.wall_time_ms).toBeGreaterThanOrEqual(0);
    expect(manifest.deterministic).toEqual(['series.csv', 'users.csv', 'scenario.json']);
    for (const f of manifest.files) {
      const text = read('basic', f.name);
      expect(f.sha256).toBe(createHash('sha256').update(text).digest('hex'));
      if (f.name.endsWith('.csv')) expect(f.rows).toBe(text.trimEnd().split('\n').length - 1);
    }

    expect(r.stdout).toContain('with-barriers');
    expect(r.stdout).toMatch(/Network size \(ties\)\s+\d+\.\d\d → \d+\.\d\d/);
    expect(r.stdout).toContain('Dropped out by the end (people)');
    expect(r.stdout).toContain('Wrote basic/: series.csv (');
    expect(r.stderr).toBe('');
  });

  it('runs the embedded default scenario into results/<scenario-name> under the working folder', async () => {
    const cwd = join(root, 'default-cwd');
    mkdirSync(cwd);
    const r = await cli(['run', '--ticks', '1', '--quiet'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const manifest = JSON.parse(readFileSync(join(cwd, 'results', 'pilot-england', 'manifest.json'), 'utf8'));
    expect(manifest.scenario.name).toBe('pilot-england');
    expect(manifest.arms.length).toBe(3);
  });

  it('gives byte-identical series.csv and users.csv for the same scenario and seed, and different ones for another seed', async () => {
    for (const [out, seed] of [['seed-a', '11'], ['seed-b', '11'], ['seed-c', '12']])
      expect((await cli(['run', 'teaching-barriers', '--ticks', '4', '--seed', seed, '--out', out, '--quiet'])).code).toBe(0);
    for (const file of ['series.csv', 'users.csv', 'scenario.json']) expect(read('seed-b', file)).toBe(read('seed-a', file));
    expect(read('seed-c', 'series.csv')).not.toBe(read('seed-a', 'series.csv'));
    expect(read('seed-c', 'users.csv')).not.toBe(read('seed-a', 'users.csv'));
  });

  it('reproduces a run byte for byte from its scenario.json, including --set, --seed, --ticks and --arms', async () => {
    const first = await cli([
      'run', 'teaching-barriers', '--seed', '5', '--ticks', '4', '--arms', 'no-barriers',
      '--set', 'agencies.fidelity.mean=0.8', '--set', 'barriers.user.selfStigma.enabled=false', '--out', 'repro-1', '--quiet',
    ]);
    expect(first.code).toBe(0);
    const doc = JSON.parse(read('repro-1', 'scenario.json'));
    expect(doc.parameters.agencies.fidelity.mean.value).toBe(0.8);
    expect(doc.parameters.barriers.user.selfStigma.enabled.value).toBe(false);
    expect(doc.arms.map((a: { name: string }) => a.name)).toEqual(['no-barriers']);
    const again = await cli(['run', join('repro-1', 'scenario.json'), '--out', 'repro-2', '--quiet']);
    expect(again.code).toBe(0);
    for (const file of ['series.csv', 'users.csv', 'scenario.json']) expect(read('repro-2', file)).toBe(read('repro-1', file));
    const m1 = JSON.parse(read('repro-1', 'manifest.json'));
    const m2 = JSON.parse(read('repro-2', 'manifest.json'));
    expect(m2.scenario.sha256).toBe(m1.scenario.sha256);
    expect(m2.files).toEqual(m1.files);
  });

  it('refuses an existing results folder without --force, leaving it untouched, gives the exact command that replaces it, and replaces it with --force', async () => {
    const dir = join(root, 'existing');
    expect((await cli(['run', 'teaching-barriers', '--ticks', '1', '--seed', '1', '--out', 'existing', '--quiet'])).code).toBe(0);
    const before = read('existing', 'series.csv');
    const refused = await cli(['run', 'teaching-barriers', '--ticks', '1', '--seed', '2', '--out', 'existing']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('already exists and is not empty (it holds the results of an earlier cpi-sim run)');
    expect(refused.stderr).toContain('To replace it, run: cpi-sim run teaching-barriers --ticks 1 --seed 2 --out existing --force\n');
    expect(read('existing', 'series.csv')).toBe(before);

    const forced = await cli(['run', 'teaching-barriers', '--ticks', '1', '--seed', '2', '--out', 'existing', '--force', '--quiet']);
    expect(forced.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['manifest.json', 'scenario.json', 'series.csv', 'users.csv']);
    expect(read('existing', 'series.csv')).not.toBe(before);
    expect(entries().filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('through `npm start`, the refusal gives the npm command with the options after --, and says when npm kept --force for itself', async () => {
    expect((await cli(['run', '--ticks', '1', '--arms', 'usual-care', '--out', 'npm-start', '--quiet'])).code).toBe(0);
    const refused = await cli(['run', '--ticks', '1', '--arms', 'usual-care', '--out', 'npm-start'], { invokedAs: 'npm start --' });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('To replace it, run: npm start -- --ticks 1 --arms usual-care --out npm-start --force\n');
    const eaten = await cli(['run', '--out', 'npm-start'], { invokedAs: 'npm start --', npmKept: ['--force'] });
    expect(eaten.stderr).toContain('To replace it, run: npm start -- --out npm-start --force (npm kept the --force before -- for itself; options for cpi-sim go after --)');
    const npx = await cli(['run', '--out', 'npm start'], { invokedAs: 'npx cpi-sim', cwd: root });
    expect(npx.code).toBe(0); // a fresh folder
    const npxAgain = await cli(['run', '--ticks', '1', '--out', 'npm start'], { invokedAs: 'npx cpi-sim', cwd: root });
    expect(npxAgain.stderr).toContain("To replace it, run: npx cpi-sim run --ticks 1 --out 'npm start' --force\n");
  });

  it('without --out, runs again into the default folder, replacing only the earlier results it wrote there (the README\'s first command works twice)', async () => {
    const cwd = join(root, 'twice');
    mkdirSync(cwd);
    const first = await cli(['run', 'teaching-barriers', '--ticks', '1'], { cwd });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('Wrote results/teaching-barriers/: series.csv');
    const second = await cli(['run', 'teaching-barriers', '--ticks', '2'], { cwd });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('Wrote results/teaching-barriers/ (replacing the earlier results there; give --out DIR to keep several)');
    expect(JSON.parse(readFileSync(join(cwd, 'results/teaching-barriers/manifest.json'), 'utf8')).ticks).toBe(2);
    // A file of the user's in the default folder: nothing is replaced, and the message names the file.
    writeFileSync(join(cwd, 'results/teaching-barriers/analysis.R'), 'mine');
    const third = await cli(['run', 'teaching-barriers', '--ticks', '3'], { cwd });
    expect(third.code).toBe(1);
    expect(third.stderr).toMatch(/refusing to replace .*teaching-barriers: .*did not write: analysis\.R/);
    expect(readFileSync(join(cwd, 'results/teaching-barriers/analysis.R'), 'utf8')).toBe('mine');
    expect(JSON.parse(readFileSync(join(cwd, 'results/teaching-barriers/manifest.json'), 'utf8')).ticks).toBe(2);
  });

  it('never replaces a folder cpi-sim did not write, even with --force: a stray manifest.json is not enough', async () => {
    const dir = join(root, 'not-results');
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.txt'), 'precious');
    const r = await cli(['run', 'teaching-barriers', '--ticks', '1', '--out', 'not-results', '--force']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('not a cpi-sim results folder');
    expect(r.stderr).not.toContain('To replace it');
    expect(readdirSync(dir)).toEqual(['notes.txt']);
    // The reproducer of the data loss: an app folder with a manifest.json of its own.
    const app = join(root, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'manifest.json'), '{}');
    writeFileSync(join(app, 'main.js'), 'code');
    const lost = await cli(['run', 'teaching-barriers', '--ticks', '2', '--out', 'app', '--force']);
    expect(lost.code).toBe(1);
    expect(readFileSync(join(app, 'main.js'), 'utf8')).toBe('code');
    expect(readdirSync(app).sort()).toEqual(['main.js', 'manifest.json']);
    // An earlier results folder with a file added by the user.
    expect((await cli(['run', 'teaching-barriers', '--ticks', '1', '--out', 'added', '--quiet'])).code).toBe(0);
    writeFileSync(join(root, 'added', 'keep.txt'), 'precious');
    const added = await cli(['run', 'teaching-barriers', '--ticks', '1', '--out', 'added', '--force']);
    expect(added.code).toBe(1);
    expect(added.stderr).toContain('which cpi-sim did not write: keep.txt');
    expect(readFileSync(join(root, 'added', 'keep.txt'), 'utf8')).toBe('precious');
  });

  it('prints a summary under plain names with units, marks wellbeing as a proxy, and says one run has no intervals', async () => {
    const r = await cli(['run', 'teaching-barriers', '--ticks', '2', '--out', 'summary']);
    expect(r.code).toBe(0);
    for (const line of ['Network size (ties)', 'New ties ', 'Access to social capital (RG total, items)', 'Extensity (Lin, distinct positions)', 'Wellbeing (WEMWBS proxy, 14–70)', 'Dropped out by the end (people)'])
      expect(r.stdout).toContain(line);
    expect(r.stdout).not.toMatch(/^(network_size|rg_total|dropped_out)/m);
    expect(r.stdout).toContain('Wellbeing is a proxy');
    expect(r.stdout).toContain('This is one run, without intervals');
    expect(r.stdout).toContain('run replicates: cpi-sim run teaching-barriers --ticks 2 --replicates 100 --out summary-100');
  });

  describe('a malformed scenario file', () => {
    const cases: Array<[string, string, RegExp[]]> = [
      ['bad JSON', '{"name": "broken",', [/broken-json\.json/, /not valid JSON/]],
      [
        'an unknown field',
        JSON.stringify({ name: 'typo', extends: 'teaching-barriers', parameters: { agencies: { fidelty: { mean: 0.7 } } } }),
        [/unknown-field\.json/, /parameters\.agencies/, /"fidelty"/, /did you mean "fidelity"/, /allowed: .*fidelity/],
      ],
      [
        'an out-of-range value',
        JSON.stringify({ name: 'range', extends: 'teaching-barriers', parameters: { agencies: { fidelity: { mean: 1.7 } } } }),
        [/out-of-range\.json/, /parameters\.agencies\.fidelity\.mean/, /1\.7/, /allowed: \[0, 1\]/],
      ],
    ];
    const files = ['broken-json.json', 'unknown-field.json', 'out-of-range.json'];
    cases.forEach(([what, text, patterns], i) => {
      it(`with ${what} exits 1, names the file, field, value and what is allowed, and writes nothing`, async () => {
        const dir = join(root, `malformed-${i}`);
        mkdirSync(dir);
        writeFileSync(join(dir, files[i]), text);
        const r = await cli(['run', files[i], '--out', 'out'], { cwd: dir });
        expect(r.code).toBe(1);
        for (const p of patterns) expect(r.stderr).toMatch(p);
        expect(r.stdout).toBe('');
        expect(readdirSync(dir)).toEqual([files[i]]);
      });
    });
  });

  it('fails cleanly on a --set with an unknown path or an out-of-range value, or without "="', async () => {
    const before = entries();
    const unknown = await cli(['run', 'teaching-barriers', '--set', 'agencies.fidelty.mean=0.5', '--out', 'never']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('unknown parameter "agencies.fidelty.mean"');
    expect(unknown.stderr).toContain('did you mean "agencies.fidelity.mean"');
    const range = await cli(['run', 'teaching-barriers', '--set', 'agencies.fidelity.mean=3', '--out', 'never']);
    expect(range.code).toBe(1);
    expect(range.stderr).toMatch(/agencies\.fidelity\.mean: 3 is out of range; allowed: \[0, 1\]/);
    const noEquals = await cli(['run', 'teaching-barriers', '--set', 'agencies.fidelity.mean', '--out', 'never']);
    expect(noEquals.code).toBe(1);
    expect(noEquals.stderr).toContain('expected path=value');
    const seed = await cli(['run', 'teaching-barriers', '--seed', 'abc', '--out', 'never']);
    expect(seed.code).toBe(1);
    expect(seed.stderr).toMatch(/seed: "abc" is not allowed; expected an integer/);
    expect(entries()).toEqual(before);
  });

  it('refuses unknown arms, a bad --network-out type, a missing scenario and a file in place of the folder, writing nothing', async () => {
    writeFileSync(join(root, 'a-file'), 'x');
    const before = entries();
    const arms = await cli(['run', 'teaching-barriers', '--arms', 'with-barriers,nonesuch', '--out', 'never']);
    expect(arms.code).toBe(1);
    expect(arms.stderr).toContain('no arm "nonesuch"');
    expect(arms.stderr).toContain('"with-barriers", "no-barriers"');
    const networkArm = await cli(['run', 'teaching-barriers', '--network-out', 'n.gexf', '--network-arm', 'nonesuch', '--out', 'never']);
    expect(networkArm.code).toBe(1);
    expect(networkArm.stderr).toContain('--network-arm: no arm "nonesuch"');
    const ext = await cli(['run', 'teaching-barriers', '--network-out', 'graph.txt', '--out', 'never']);
    expect(ext.code).toBe(1);
    expect(ext.stderr).toContain('allowed: a file name ending in .graphml or .gexf');
    const missing = await cli(['run', 'no-such-scenario', '--out', 'never']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no such scenario file');
    const underFile = await cli(['run', 'teaching-barriers', '--ticks', '1', '--out', join('a-file', 'results')]);
    expect(underFile.code).toBe(1);
    expect(underFile.stderr).toContain('is a file, not a folder');
    const unknownOption = await cli(['run', '--tickz', '3']);
    expect(unknownOption.code).toBe(1);
    expect(unknownOption.stderr).toContain('Unknown argument: tickz');
    expect(entries()).toEqual(before);
  });

  it('shows progress on a terminal, and none with --quiet', async () => {
    const tty = await cli(['run', 'teaching-barriers', '--ticks', '2', '--out', 'progress-1'], { tty: true });
    expect(tty.code).toBe(0);
    expect(tty.stderr).toContain('\r');
    expect(tty.stderr).toContain('no-barriers: tick 2/2');
    const quiet = await cli(['run', 'teaching-barriers', '--ticks', '2', '--out', 'progress-2', '--quiet'], { tty: true });
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe('');
    expect(quiet.stdout).toBe('');
  });
});
