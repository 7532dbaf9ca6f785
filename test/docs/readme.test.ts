// README.md and docs/ODD.md say only what the code does: the two commands, every shipped scenario, CLI
// commands and options that the real `cpi-sim` binary accepts, parameter paths that exist, the list of
// parameters arms may not change, and links into docs/ODD.md that land on a heading.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { listShippedScenarios } from '../../src/scenario/load.js';
import { resolveParameterPath } from '../../src/scenario/compile.js';
import { PARAMETERS } from '../../src/scenario/parameters.js';
import { forEachLeaf, type Group } from '../../src/scenario/spec.js';
import { isPopulationShaping } from '../../src/output/describe-model.js';
import { OPTIONAL_TOOLS } from '../support/optional-tools.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const odd = readFileSync(new URL('../../docs/ODD.md', import.meta.url), 'utf8');
const cli = (...args: string[]): string => execFileSync(process.execPath, ['bin/cpi-sim.js', ...args], { cwd: ROOT, encoding: 'utf8' });

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading: string): string =>
  heading
    .replace(/^#+\s*/, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
const anchorsOf = (md: string): Set<string> => new Set(md.split('\n').filter((l) => /^#{1,6} /.test(l)).map(slug));

describe('README.md', () => {
  test('it gives the two commands exactly: install and run, and test', () => {
    expect(readme).toContain('```sh\nnpm install && npm start\n```');
    expect(readme).toContain('```sh\nnpm test\n```');
    expect(readme).toContain('results/pilot-england/');
  });

  test('it says what the full test suite needs, and the install script it names installs a package for each of those tools, as CI does', () => {
    const section = readme.slice(readme.indexOf('## The two commands'), readme.indexOf('## The command line'));
    const script = readFileSync(join(ROOT, 'scripts/install-test-tools.sh'), 'utf8');
    const ci = readFileSync(join(ROOT, '.ci/run'), 'utf8');
    expect(section).toContain('sudo bash scripts/install-test-tools.sh');
    expect(section).toMatch(/minutes/);
    const packages: Record<string, RegExp> = { chromium: /\bchromium\b/, slurm: /\bslurmd\b/, networkx: /python3-networkx.*python3-igraph|python3-igraph.*python3-networkx/, pandas: /python3-pandas/, readr: /r-cran-readr/, pdftotext: /poppler-utils/ };
    for (const tool of OPTIONAL_TOOLS) {
      expect(section.toLowerCase(), tool.name).toContain(tool.name.toLowerCase());
      expect(script, tool.name).toMatch(packages[tool.name]);
    }
    expect(ci).toContain('bash scripts/install-test-tools.sh');
    expect(ci).toContain('CPI_SIM_SLURM=1 CPI_SIM_E2E=1 npm test');
  });

  test('it names every shipped scenario in the scenarios table', () => {
    for (const name of listShippedScenarios()) expect(readme).toMatch(new RegExp(`^\\| \`${name}\` \\|`, 'm'));
  });

  test('every command it documents is a command of the cpi-sim binary', () => {
    const help = cli('--help');
    for (const command of ['run', 'validate', 'list', 'schema', 'sweep', 'merge', 'slurm', 'analyze', 'trial', 'chart', 'report', 'calibrate', 'explore', 'audit']) {
      expect(help).toContain(`cpi-sim ${command}`);
      expect(readme).toContain(`cpi-sim ${command}`);
    }
  });

  test('every option it documents is accepted by the binary, and every run, sweep and slurm option is documented', () => {
    const helps = Object.fromEntries(['run', 'schema', 'sweep', 'merge', 'slurm', 'analyze', 'trial', 'chart', 'report', 'calibrate', 'explore', 'audit'].map((c) => [c, cli(c, '--help')]));
    // The bench and fuzz scripts' own options (they parse them from argv) count as accepted too.
    const bench = readFileSync(new URL('../../bench/run.mjs', import.meta.url), 'utf8') + readFileSync(new URL('../../scripts/fuzz-inputs.mjs', import.meta.url), 'utf8');
    const accepted = new Set([...Object.values(helps).join('').matchAll(/--([a-z][a-z-]*)/g), ...bench.matchAll(/'--([a-z][a-z-]*)=?'/g)].map((m) => m[1]));
    const documented = new Set([...readme.matchAll(/(?<![\w-])--([a-z][a-z-]*)/g)].map((m) => m[1]));
    expect([...documented].filter((o) => !accepted.has(o))).toEqual([]);
    for (const command of ['run', 'sweep', 'merge', 'slurm', 'analyze', 'trial', 'chart', 'report', 'calibrate', 'explore', 'audit']) {
      const options = [...helps[command].matchAll(/^\s+--([a-z][a-z-]*)/gm)].map((m) => m[1]).filter((o) => o !== 'help' && o !== 'version');
      expect(options.filter((o) => !documented.has(o)), command).toEqual([]);
    }
  });

  test('every parameter path it quotes exists', () => {
    const tops = Object.keys(PARAMETERS).join('|');
    const quoted = new Set(
      [...readme.matchAll(new RegExp(`(?<![\\w.])((?:${tops})(?:\\.[A-Za-z]+)+)`, 'g'))].map((m) => m[1]),
    );
    expect(quoted.size).toBeGreaterThan(5);
    const unknown = [...quoted].filter((p) => 'error' in resolveParameterPath(p));
    expect(unknown).toEqual([]);
  });

  test('it lists exactly the parameters outside population. that arms may not change', () => {
    const shaping: string[] = [];
    forEachLeaf(PARAMETERS as unknown as Group, (path, leaf) => {
      if (isPopulationShaping(path, leaf) && !path.startsWith('population.')) shaping.push(path);
    });
    const bullet = readme.split('\n- ').find((b) => b.startsWith('**What arms may not change**'));
    expect(bullet).toBeDefined();
    const listed = [...bullet!.matchAll(/`([a-z][A-Za-z]*\.[A-Za-z.]+)`/g)].map((m) => m[1]);
    expect(listed.sort()).toEqual(shaping.sort());
  });

  test('its links into docs/ODD.md land on a heading', () => {
    const anchors = anchorsOf(odd);
    const links = [...readme.matchAll(/\(docs\/ODD\.md#([^)]+)\)/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThan(3);
    expect(links.filter((a) => !anchors.has(a))).toEqual([]);
  });
});

describe('docs/ODD.md links', () => {
  test('its own contents links land on a heading', () => {
    const anchors = anchorsOf(odd);
    const links = [...odd.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThan(5);
    expect(links.filter((a) => !anchors.has(a))).toEqual([]);
  });
});
