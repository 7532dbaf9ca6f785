// Users' files are safe (issue 13, the results-folder side): --force replaces only a results folder cpi-sim
// provably wrote, of the same kind (run, trial, sweep, merge, calibrate); merge, analyze sensitivity, chart and
// report check every file they read against the manifest's bytes, SHA-256 and rows and refuse a mismatch
// (exit 1, naming the file) unless --trust; derived files are recorded in the manifest and removed by
// sweep --force; --out through a symbolic link writes where it points and keeps the link.
import { cpSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCli, type CliRun } from '../support/cli.js';
import { tempDir, tinyMorrisSweep } from '../sweep/sweep-fixture.js';

const TINY_MORRIS = tinyMorrisSweep('tiny-morris', 'two barrier scales, for the safety tests');
const OTHER_MORRIS = { ...TINY_MORRIS, name: 'other-morris', measures: ['rg_total'] };

let root: string;
let cli: (argv: string[]) => Promise<CliRun>;
const ok = async (argv: string[]) => {
  const r = await cli(argv);
  if (r.code !== 0) throw new Error(`cpi-sim ${argv.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r;
};
const at = (...p: string[]) => join(root, ...p);
/** Every file under a folder with its bytes, to show nothing was touched. */
const snapshot = (dir: string): Record<string, string> => {
  const out: Record<string, string> = {};
  const walk = (d: string, prefix: string) => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (lstatSync(p).isDirectory()) walk(p, `${prefix}${n}/`);
      else out[prefix + n] = readFileSync(p, 'latin1');
    }
  };
  walk(dir, '');
  return out;
};
/** A folder of the user's own with a manifest.json that cpi-sim did not write (the reproducer). */
const userApp = (name: string) => {
  const dir = at(name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'manifest.json'), '{}');
  writeFileSync(join(dir, 'main.js'), 'code');
  return dir;
};
/** Change one byte of a file in place (same size). */
const flipByte = (file: string, from: string, to: string) => {
  const text = readFileSync(file, 'utf8');
  const i = text.lastIndexOf(from);
  writeFileSync(file, text.slice(0, i) + to + text.slice(i + from.length));
};

beforeAll(async () => {
  root = tempDir('safety');
  cli = createCli(root);
  writeFileSync(at('tiny.json'), JSON.stringify(TINY_MORRIS));
  writeFileSync(at('other.json'), JSON.stringify(OTHER_MORRIS));
  await ok(['sweep', 'tiny.json', '--out', 'shard1', '--shard', '1/2', '--workers', '1', '--yes', '--quiet']);
  await ok(['sweep', 'tiny.json', '--out', 'shard2', '--shard', '2/2', '--workers', '1', '--yes', '--quiet']);
  await ok(['sweep', 'tiny.json', '--out', 'whole', '--workers', '1', '--yes', '--quiet']);
  await ok(['run', 'teaching-barriers', '--ticks', '2', '--replicates', '3', '--out', 'reps', '--quiet']);
}, 120_000);

describe('--force replaces only a results folder cpi-sim wrote, of the same kind', () => {
  it('run: the reproducer is refused, exit 1, and the user\'s files are intact', async () => {
    const app = userApp('app-run');
    const before = snapshot(app);
    const r = await cli(['run', 'teaching-barriers', '--ticks', '2', '--out', app, '--force']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/refusing to replace .*app-run even with --force: it is not a cpi-sim results folder/);
    expect(snapshot(app)).toEqual(before);
  });

  it('trial: the reproducer is refused, exit 1, and the user\'s files are intact', async () => {
    const app = userApp('app-trial');
    const before = snapshot(app);
    const r = await cli(['trial', 'teaching-null', '--replicates', '2', '--out', app, '--force']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/refusing to replace .*app-trial even with --force: it is not a cpi-sim results folder/);
    expect(snapshot(app)).toEqual(before);
  });

  it('merge: the reproducer is refused, exit 1, and the user\'s files are intact', async () => {
    const app = userApp('app-merge');
    const before = snapshot(app);
    const r = await cli(['merge', app, 'shard1', 'shard2', '--force']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/refusing to replace .*app-merge even with --force: it is not a cpi-sim results folder/);
    expect(snapshot(app)).toEqual(before);
    expect(readdirSync(root).filter((n) => n.includes('.partial-'))).toEqual([]);
  });

  it('sweep: a folder with a sweep.json cpi-sim did not write, or a sweep folder with the user\'s files added, is refused even with --force', async () => {
    const app = userApp('app-sweep');
    writeFileSync(join(app, 'sweep.json'), '{"name": "mine"}');
    writeFileSync(join(app, 'results.csv'), 'my,own,results\n');
    const before = snapshot(app);
    const r = await cli(['sweep', 'tiny.json', '--out', app, '--force', '--workers', '1', '--yes', '--quiet']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/refusing to replace this folder even with --force: it holds files cpi-sim's sweep did not write: manifest\.json/);
    expect(snapshot(app)).toEqual(before);
    // A real sweep folder of another sweep, with a file of the user's added.
    cpSync(at('whole'), at('whole-plus'), { recursive: true });
    writeFileSync(at('whole-plus', 'notes.txt'), 'mine');
    const before2 = snapshot(at('whole-plus'));
    const r2 = await cli(['sweep', 'other.json', '--out', 'whole-plus', '--force', '--workers', '1', '--yes', '--quiet']);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toMatch(/files cpi-sim's sweep did not write: .*notes\.txt/);
    expect(snapshot(at('whole-plus'))).toEqual(before2);
  });

  it('calibrate: a folder with a calibration.json cpi-sim did not write is refused even with --force', async () => {
    const app = userApp('app-calibrate');
    writeFileSync(join(app, 'calibration.json'), '{}');
    const before = snapshot(app);
    const fixtures = join(import.meta.dirname, '..', 'calibrate', 'fixtures');
    const r = await cli(['calibrate', 'teaching-barriers', '--targets', join(fixtures, 'teaching-targets.json'), '--free', join(fixtures, 'teaching.free.json'), '--out', app, '--force', '--workers', '1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/refusing to replace .*app-calibrate even with --force: it holds files a cpi-sim calibration did not write: calibration\.json \(not a cpi-sim calibration's identity\), manifest\.json \(not a cpi-sim calibration's manifest\), main\.js/);
    expect(snapshot(app)).toEqual(before);
  });

  it('a run folder with a report written into it (a derived file its manifest records) is still replaced by run --force', async () => {
    cpSync(at('reps'), at('reps-reported'), { recursive: true });
    await ok(['report', 'reps-reported', '--quiet']);
    const manifest = JSON.parse(readFileSync(at('reps-reported', 'manifest.json'), 'utf8'));
    expect(manifest.derived.map((d: { name: string }) => d.name)).toEqual(['report.html']);
    await ok(['run', 'teaching-barriers', '--ticks', '2', '--replicates', '2', '--out', 'reps-reported', '--force', '--quiet']);
    expect(readdirSync(at('reps-reported'))).not.toContain('report.html');
  });
});

describe('merge checks every shard against its manifest', () => {
  const shardCopy = (name: string) => {
    cpSync(at('shard2'), at(name), { recursive: true });
    return at(name);
  };
  const damaged: Array<[string, (dir: string) => void, RegExp]> = [
    ['an emptied results.csv', (d) => writeFileSync(join(d, 'results.csv'), ''), /results\.csv: 0 bytes, but the manifest records \d+ \(cut short\?\)/],
    ['a results.csv cut mid-line', (d) => truncateSync(join(d, 'results.csv'), readFileSync(join(d, 'results.csv')).byteLength - 7), /results\.csv: \d+ bytes, but the manifest records \d+ \(cut short\?\)/],
    ['a changed value', (d) => flipByte(join(d, 'results.csv'), '.', ','), /results\.csv: its SHA-256 is [0-9a-f]{12}…, but the manifest records [0-9a-f]{12}…; the file was changed/],
    ['a changed runs.csv', (d) => flipByte(join(d, 'runs.csv'), 'ok', 'no'), /runs\.csv: its SHA-256 is/],
  ];
  for (const [what, damage, message] of damaged)
    it(`refuses a shard with ${what}, names the file, exit 1, and writes nothing`, async () => {
      const dir = shardCopy(`s2-${what.replace(/\W+/g, '-')}`);
      damage(dir);
      const out = at(`merged-${what.replace(/\W+/g, '-')}`);
      const r = await cli(['merge', out, 'shard1', dir]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toMatch(/add --trust to read it anyway/);
      expect(existsSync(out)).toBe(false);
      expect(readdirSync(root).filter((n) => n.includes('.partial-'))).toEqual([]);
    });

  it('with --trust merges a changed shard, warns on stderr and records the mismatch in the merged manifest', async () => {
    const dir = shardCopy('s2-trusted');
    flipByte(join(dir, 'results.csv'), '.', ',');
    const r = await ok(['merge', 'merged-trusted', 'shard1', dir, '--trust', '--quiet']);
    expect(r.stderr).toMatch(/^warning: reading .*s2-trusted with --trust although it does not match its manifest:\n {2}.*results\.csv: its SHA-256 is/);
    const manifest = JSON.parse(readFileSync(at('merged-trusted', 'manifest.json'), 'utf8'));
    expect(manifest.run.trusted_despite.join('\n')).toMatch(/s2-trusted\/results\.csv: its SHA-256 is/);
  });

  it('merges untouched shards byte-identical to the whole sweep', async () => {
    await ok(['merge', 'merged-ok', 'shard1', 'shard2', '--quiet']);
    for (const f of ['results.csv', 'runs.csv', 'sweep.json']) expect(readFileSync(at('merged-ok', f))).toEqual(readFileSync(at('whole', f)));
  });
});

describe('analyze sensitivity, chart and report check the folder they read', () => {
  it('analyze refuses a results.csv cut mid-line (exit 1, naming it); --trust warns and refuses the torn row itself', async () => {
    cpSync(at('whole'), at('cut'), { recursive: true });
    const file = at('cut', 'results.csv');
    truncateSync(file, readFileSync(file).byteLength - 5);
    const r = await cli(['analyze', 'sensitivity', 'cut', '--bootstrap', '10']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cut\/results\.csv: \d+ bytes, but the manifest records \d+ \(cut short\?\)/);
    expect(existsSync(at('cut', 'sensitivity.csv'))).toBe(false);
    const t = await cli(['analyze', 'sensitivity', 'cut', '--bootstrap', '10', '--trust']);
    expect(t.code).toBe(1);
    expect(t.stderr).toMatch(/^warning: reading .*cut with --trust/);
    expect(t.stderr).toMatch(/cut\/results\.csv: the last line has no end \(the file was cut short mid-line\)/);
  });

  it('chart and report refuse a changed file, naming it; --trust draws it with a warning', async () => {
    cpSync(at('reps'), at('reps-changed'), { recursive: true });
    flipByte(at('reps-changed', 'summary.csv'), '1', '2');
    const c = await cli(['chart', 'reps-changed', '--out', 'c.svg']);
    expect(c.code).toBe(1);
    expect(c.stderr).toMatch(/reps-changed\/summary\.csv: its SHA-256 is .*; the file was changed after cpi-sim wrote it/);
    expect(existsSync(at('c.svg'))).toBe(false);
    const rep = await cli(['report', 'reps-changed', '--out', 'r.html']);
    expect(rep.code).toBe(1);
    expect(rep.stderr).toMatch(/reps-changed\/summary\.csv: its SHA-256 is/);
    const t = await ok(['chart', 'reps-changed', '--out', 'c.svg', '--trust']);
    expect(t.stderr).toMatch(/^warning: reading .*reps-changed with --trust/);
    expect(existsSync(at('c.svg'))).toBe(true);
  });
});

describe('derived files belong to the results they came from', () => {
  it('analyze records sensitivity.csv in the manifest; sweep --force over another sweep removes it; a stale copy is not drawn', async () => {
    cpSync(at('whole'), at('analysed'), { recursive: true });
    await ok(['analyze', 'sensitivity', 'analysed', '--bootstrap', '10', '--quiet']);
    const manifest = JSON.parse(readFileSync(at('analysed', 'manifest.json'), 'utf8'));
    const entry = manifest.derived.find((d: { name: string }) => d.name === 'sensitivity.csv');
    expect(entry.from['results.csv']).toBe(manifest.files.find((f: { name: string }) => f.name === 'results.csv').sha256);
    const sensitivity = readFileSync(at('analysed', 'sensitivity.csv'));
    await ok(['chart', 'analysed', '--kind', 'sensitivity', '--out', 'sens.svg']);
    // Another sweep over the same folder: the old indices go with the old results.
    await ok(['sweep', 'other.json', '--out', 'analysed', '--force', '--workers', '1', '--yes', '--quiet']);
    expect(readdirSync(at('analysed'))).not.toContain('sensitivity.csv');
    // The old file put back by hand: not recorded for these results, so not drawn.
    writeFileSync(at('analysed', 'sensitivity.csv'), sensitivity);
    const r = await cli(['chart', 'analysed', '--kind', 'sensitivity', '--out', 'stale.svg']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/sensitivity\.csv is not recorded in the folder's manifest as made from its current results\.csv/);
    expect(existsSync(at('stale.svg'))).toBe(false);
  });
});

describe('--out given as a symbolic link', () => {
  it('run, sweep and merge write where the link points and keep the link', async () => {
    for (const [name, argv] of [
      ['run', ['run', 'teaching-barriers', '--ticks', '2', '--quiet']],
      ['sweep', ['sweep', 'tiny.json', '--workers', '1', '--yes', '--quiet']],
      ['merge', ['merge']],
    ] as const) {
      const target = at(`link-target-${name}`);
      mkdirSync(target);
      const link = at(`link-${name}`);
      symlinkSync(target, link);
      const args = name === 'merge' ? ['merge', link, 'shard1', 'shard2', '--quiet'] : [...argv, '--out', link];
      await ok(args);
      expect(lstatSync(link).isSymbolicLink()).toBe(true);
      expect(readlinkSync(link)).toBe(target);
      expect(readdirSync(target)).toContain('manifest.json');
    }
  });

  it('a link to nothing is refused, exit 1, and left as it is', async () => {
    const link = at('dangling');
    symlinkSync(at('no-such-target'), link);
    const r = await cli(['run', 'teaching-barriers', '--ticks', '2', '--out', link]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/dangling: it is a symbolic link to nothing/);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(existsSync(at('no-such-target'))).toBe(false);
  });
});
