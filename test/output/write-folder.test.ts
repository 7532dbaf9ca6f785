// Tests for output/write-folder.ts: results folders appear complete or not at all.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkOutputFile, checkOutputFolder, writeFileAtomically, writeFolderAtomically } from '../../src/output/write-folder.js';
import { OutputError } from '../../src/output/output-error.js';

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
    expect(() => checkOutputFolder(dir)).toThrow(/already exists and is not empty.*--force/);
    expect(readdirSync(dir)).toEqual(['keep.txt']);
    expect(readdirSync(root).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('replaces an earlier results folder (one with a manifest.json) as a whole with force', () => {
    const dir = join(root, 'replace');
    mkdirSync(dir);
    writeFileSync(join(dir, 'manifest.json'), '{}');
    writeFileSync(join(dir, 'old.txt'), 'old');
    writeFolderAtomically(dir, files, { force: true });
    expect(readdirSync(dir).sort()).toEqual(['a.csv', 'sub']);
    expect(readdirSync(root).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('refuses, even with force, to replace a folder that is not a results folder or that holds the working folder', () => {
    const dir = join(root, 'not-results');
    mkdirSync(dir);
    writeFileSync(join(dir, 'thesis.tex'), 'years of work');
    expect(() => writeFolderAtomically(dir, files, { force: true })).toThrow(/not a results folder \(it has no manifest\.json\)/);
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
