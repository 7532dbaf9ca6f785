// Tests for output/write-folder.ts: results folders appear complete or not at all.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkOutputFile, checkOutputFolder, holdsEarlierResults, writeFileAtomically, writeFolderAtomically } from '../../src/output/write-folder.js';
import { ExistingOutputError, OutputError } from '../../src/output/output-error.js';

const root = mkdtempSync(join(tmpdir(), 'cpi-sim-write-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const files = [
  { name: 'a.csv', text: 'x\n1\n' },
  { name: 'sub/b.txt', text: 'b' },
];

describe('writeFolderAtomically', () => {
  it('creates the folder (and missing parents) with every file and leaves no temp folder behind', () => {
    const dir = join(root, 'deep', 'er', 'one');
    writeFolderAtomically(dir, files);
    expect(readFileSync(join(dir, 'a.csv'), 'utf8')).toBe('x\n1\n');
    expect(readFileSync(join(dir, 'sub/b.txt'), 'utf8')).toBe('b');
    expect(readdirSync(join(root, 'deep', 'er'))).toEqual(['one']);
  });

  it('writes into an existing empty folder', () => {
    const dir = join(root, 'empty');
    mkdirSync(dir);
    writeFolderAtomically(dir, files);
    expect(readdirSync(dir).sort()).toEqual(['a.csv', 'sub']);
  });

  it('refuses an existing non-empty folder without force and leaves it untouched', () => {
    const dir = join(root, 'full');
    mkdirSync(dir);
    writeFileSync(join(dir, 'keep.txt'), 'keep');
    expect(() => writeFolderAtomically(dir, files)).toThrow(OutputError);
    expect(() => checkOutputFolder(dir)).toThrow(/refusing to replace .*full: it is not a cpi-sim results folder \(it has no manifest\.json.*choose another --out/);
    expect(readdirSync(dir)).toEqual(['keep.txt']);
    expect(readdirSync(root).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  /** A folder as cpi-sim writes it: its manifest names the kind and lists every other file. */
  const earlier = (name: string, kind = 'run', listed: unknown[] = [{ name: 'old.csv' }, { name: 'net/old.graphml' }]) => {
    const dir = join(root, name);
    mkdirSync(join(dir, 'net'), { recursive: true });
    writeFileSync(join(dir, 'old.csv'), 'old');
    writeFileSync(join(dir, 'net', 'old.graphml'), '<graphml/>');
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ format: `cpi-sim ${kind} manifest, version 1`, package: { name: 'cpi-sim', version: '0.1.0' }, files: listed }));
    return dir;
  };

  it('replaces an earlier results folder cpi-sim wrote as a whole with force, and without force says --force would', () => {
    const dir = earlier('replace');
    expect(() => checkOutputFolder(dir)).toThrow(ExistingOutputError);
    expect(() => checkOutputFolder(dir)).toThrow(/already exists and is not empty \(it holds the results of an earlier cpi-sim run\).*--force/);
    writeFolderAtomically(dir, files, { force: true, replaces: ['run'] });
    expect(readdirSync(dir).sort()).toEqual(['a.csv', 'sub']);
    expect(readdirSync(root).filter((n) => n.startsWith('.'))).toEqual([]);
    // A trial's folder lists its files by name only.
    const trial = earlier('replace-trial', 'trial', ['old.csv', 'net/old.graphml']);
    writeFolderAtomically(trial, files, { force: true, replaces: ['trial'] });
    expect(readdirSync(trial).sort()).toEqual(['a.csv', 'sub']);
  });

  it('never deletes a file its manifest does not list, even with force, and names it', () => {
    // The reproducer: a folder of code with a manifest.json that cpi-sim did not write.
    const app = join(root, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'manifest.json'), '{}');
    writeFileSync(join(app, 'main.js'), 'code');
    expect(() => writeFolderAtomically(app, files, { force: true })).toThrow(/refusing to replace .*app even with --force: it is not a cpi-sim results folder \(its manifest\.json does not name a cpi-sim results folder/);
    expect(readFileSync(join(app, 'main.js'), 'utf8')).toBe('code');
    // A real cpi-sim folder with a file of the user's added to it.
    const dir = earlier('with-extra');
    writeFileSync(join(dir, 'my-notes.txt'), 'mine');
    writeFileSync(join(dir, 'net', 'layout.gephi'), 'mine too');
    expect(() => writeFolderAtomically(dir, files, { force: true })).toThrow(/files its manifest does not list, which cpi-sim did not write: my-notes\.txt, net\/layout\.gephi/);
    expect(readdirSync(dir).sort()).toEqual(['manifest.json', 'my-notes.txt', 'net', 'old.csv']);
    // A manifest that is not JSON, or JSON of another shape.
    for (const text of ['not json', 'null', '[1]', '{"format": 3}', '{"format": "my-tool manifest, version 1"}']) {
      const odd = join(root, `odd-${text.length}-${text.charCodeAt(2)}`);
      mkdirSync(odd);
      writeFileSync(join(odd, 'manifest.json'), text);
      expect(() => checkOutputFolder(odd, { force: true })).toThrow(/not a cpi-sim results folder/);
      expect(readFileSync(join(odd, 'manifest.json'), 'utf8')).toBe(text);
    }
    expect(readdirSync(root).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('replaces only the kinds of folder the command writes', () => {
    const dir = earlier('a-sweep', 'sweep');
    expect(() => checkOutputFolder(dir, { force: true, replaces: ['run', 'replicates'] })).toThrow(/it holds the results of a cpi-sim sweep, and this command writes a run or a replicates folder/);
    expect(readdirSync(dir).sort()).toEqual(['manifest.json', 'net', 'old.csv']);
    expect(holdsEarlierResults(dir, ['sweep'])).toBe(true);
    expect(holdsEarlierResults(dir, ['run'])).toBe(false);
    expect(holdsEarlierResults(join(root, 'no-such-folder'), ['run'])).toBe(false);
  });

  it('refuses, even with force, to replace a folder that is not a results folder or that holds the working folder', () => {
    const dir = join(root, 'not-results');
    mkdirSync(dir);
    writeFileSync(join(dir, 'thesis.tex'), 'years of work');
    expect(() => writeFolderAtomically(dir, files, { force: true })).toThrow(/not a cpi-sim results folder \(it has no manifest\.json/);
    expect(readdirSync(dir)).toEqual(['thesis.tex']);
    expect(() => checkOutputFolder(process.cwd(), { force: true })).toThrow(/holds the working folder/);
    expect(() => checkOutputFolder(join(process.cwd(), '..'), { force: true })).toThrow(/holds the working folder/);
  });

  it('refuses a file in place of the folder, or a folder under a file', () => {
    const file = join(root, 'plain.txt');
    writeFileSync(file, 'x');
    expect(() => checkOutputFolder(file, { force: true })).toThrow(/is a file, not a folder/);
    expect(() => checkOutputFolder(join(file, 'results'))).toThrow(/is a file, not a folder/);
    expect(readFileSync(file, 'utf8')).toBe('x');
  });

  it('refuses file names that leave the folder', () => {
    const dir = join(root, 'escape');
    expect(() => writeFolderAtomically(dir, [{ name: '../evil.txt', text: '' }])).toThrow(/not a path inside the folder/);
    expect(existsSync(dir)).toBe(false);
    expect(existsSync(join(root, 'evil.txt'))).toBe(false);
    expect(readdirSync(root).filter((n) => n.includes('escape'))).toEqual([]);
  });
});

describe('writeFileAtomically', () => {
  it('writes a new file, refuses to overwrite it without force and replaces it with force', () => {
    const file = join(root, 'net', 'g.graphml');
    writeFileAtomically(file, 'one');
    expect(readFileSync(file, 'utf8')).toBe('one');
    expect(() => checkOutputFile(file)).toThrow(/already exists.*--force/);
    expect(() => writeFileAtomically(file, 'two')).toThrow(OutputError);
    writeFileAtomically(file, 'three', { force: true });
    expect(readFileSync(file, 'utf8')).toBe('three');
    expect(readdirSync(join(root, 'net'))).toEqual(['g.graphml']);
  });
});
