// Tests for `cpi-sim validate`, `list`, `schema` and the help of every command (src/cli/main.ts and the
// command files), run in-process with captured output.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/cli-io.js';
import { buildScenarioJsonSchema } from '../../src/scenario/schema.js';
import { listShippedScenarios, loadScenario } from '../../src/scenario/load.js';

const root = mkdtempSync(join(tmpdir(), 'cpi-sim-commands-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd: root, stderrIsTTY: false, columns: 100 };
  return { code: await main(argv, io), stdout, stderr };
}

writeFileSync(join(root, 'good.json'), JSON.stringify({ name: 'good', extends: 'teaching-barriers', ticks: 5 }));
writeFileSync(join(root, 'bad.json'), JSON.stringify({ name: 'bad', extends: 'teaching-barriers', parameters: { agencies: { fidelity: { mean: 1.5 } } } }));

describe('cpi-sim validate', () => {
  it('reports OK with the name, arms and ticks of each valid scenario and exits 0', async () => {
    const r = await cli(['validate', 'good.json', 'pilot-england']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('OK good.json: good — 2 arms, 5 ticks');
    expect(r.stdout).toContain('OK pilot-england: pilot-england — 3 arms, 39 ticks');
    expect(r.stderr).toBe('');
  });

  it('prints the error of an invalid scenario and exits 1 even when others are valid', async () => {
    const r = await cli(['validate', 'good.json', 'bad.json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('OK good.json');
    expect(r.stderr).toContain('bad.json: invalid scenario');
    expect(r.stderr).toContain('parameters.agencies.fidelity.mean.value: 1.5 is out of range; allowed: [0, 1]');
    expect(r.stderr).toContain('1 of 2 scenarios valid');
  });

  it('needs at least one scenario', async () => {
    const r = await cli(['validate']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Not enough non-option arguments/);
  });
});

describe('cpi-sim list', () => {
  it('lists every shipped scenario with its title', async () => {
    const r = await cli(['list']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.map((l) => l.split(/\s+/)[0])).toEqual(listShippedScenarios());
    for (const name of listShippedScenarios()) expect(r.stdout).toContain(loadScenario(name).title);
  });
});

describe('cpi-sim schema', () => {
  it('prints the JSON Schema of scenario files', async () => {
    const r = await cli(['schema']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(buildScenarioJsonSchema());
  });

  it('writes the schema to a file with --out', async () => {
    const r = await cli(['schema', '--out', 'scenario.schema.json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Wrote scenario.schema.json');
    expect(JSON.parse(readFileSync(join(root, 'scenario.schema.json'), 'utf8'))).toEqual(buildScenarioJsonSchema());
  });
});

describe('help and usage', () => {
  for (const command of [[], ['run'], ['validate'], ['list'], ['schema']]) {
    it(`\`cpi-sim ${[...command, '--help'].join(' ')}\` prints usage with examples and exits 0`, async () => {
      const r = await cli([...command, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Examples:');
      expect(r.stdout).toContain(`cpi-sim ${command[0] ?? 'run'}`);
      expect(r.stderr).toBe('');
    });
  }

  it('documents the output files in the help of run', async () => {
    const r = await cli(['run', '--help']);
    for (const word of ['series.csv', 'users.csv', 'scenario.json', 'manifest.json', '--network-out', '--set', '--force']) expect(r.stdout).toContain(word);
  });

  it('prints the package version with --version', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    const r = await cli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it('exits 1 with a hint for no command or an unknown command', async () => {
    for (const argv of [[], ['frobnicate']]) {
      const r = await cli(argv);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('cpi-sim --help');
      expect(r.stdout).toBe('');
    }
  });
});

describe('unexpected errors', () => {
  it('print their stack on stderr and exit 2', async () => {
    let stderr = '';
    const io: CliIO = {
      stdout: () => {
        throw new Error('the output stream broke');
      },
      stderr: (t) => void (stderr += t),
      cwd: root,
      stderrIsTTY: false,
      columns: 100,
    };
    expect(await main(['list'], io)).toBe(2);
    expect(stderr).toContain('unexpected error');
    expect(stderr).toContain('Error: the output stream broke');
    expect(stderr).toMatch(/\n\s+at /);
  });
});
