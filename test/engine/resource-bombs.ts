// The resource-bomb table (issue 13): absurd sizes, each with the command that asks for it and the refusal
// it must get, early and with its estimate. test/engine/resource-bombs.test.ts runs every row (in-process,
// a few through the binary) and checks that docs/LIMITS.md holds exactly this table. Rows give
// --memory-limit where memory decides, so the figures do not depend on the machine running the tests.

export interface ResourceBomb {
  /** What the row asks for, as the issue names it. */
  readonly size: string;
  /** The command after `cpi-sim`, as a user would type it (files below are in the working folder). */
  readonly argv: readonly string[];
  /** Files the command reads, written into the working folder first. */
  readonly files?: Readonly<Record<string, unknown>>;
  /** The refusal: every one of these must appear in stderr (the figure and the limit). */
  readonly refusal: readonly string[];
  /** Also run it through bin/cpi-sim.js. */
  readonly binary?: boolean;
}

const twoFactors = [
  { path: 'barriers.user.selfStigma.scale', range: [0, 3] },
  { path: 'barriers.user.discrimination.scale', range: [0, 3] },
];
const fiveFactors = [...twoFactors, ...['physicalHealth', 'complicatedLife', 'poorAccess'].map((b) => ({ path: `barriers.user.${b}.scale`, range: [0, 3] }))];
const sweep = (name: string, design: unknown, replicates: number, factors: unknown = twoFactors) => ({
  [`${name}.json`]: { name, description: 'a resource bomb', scenario: 'teaching-barriers', factors, design, replicates },
});
const bigPopulation = (name: string, localities: number) => ({
  [`${name}.json`]: {
    name,
    title: 'A resource bomb',
    description: `${localities} localities of 10,000,000 residents`,
    extends: 'teaching-barriers',
    parameters: {
      population: {
        localities: { value: localities, range: [1, 1_000_000] },
        residentsPerLocality: { value: 10_000_000, range: [1, 10_000_000] },
      },
    },
  },
});
const calibrate = ['calibrate', 'pilot-england', '--targets', 'scenarios/targets/cpi-pilot.json', '--free', 'scenarios/targets/cpi-pilot.free.json'];

export const RESOURCE_BOMBS: readonly ResourceBomb[] = [
  {
    size: 'a population of 1e11 residents',
    argv: ['run', 'huge.json', '--memory-limit', '16GB', '--out', 'out'],
    files: bigPopulation('huge', 10_000),
    refusal: ['this run needs about 63 TB of memory', 'the limit is 16 GB (--memory-limit 16GB)'],
    binary: true,
  },
  {
    size: 'a population of 1e9 residents',
    argv: ['run', 'large.json', '--memory-limit', '16GB', '--out', 'out'],
    files: bigPopulation('large', 100),
    refusal: ['this run needs about 640 GB of memory', 'the limit is 16 GB'],
  },
  {
    size: 'run --replicates 100000',
    argv: ['run', '--replicates', '100000', '--memory-limit', '16GB', '--out', 'out'],
    refusal: ['100,000 replicates needs about 282 GB of memory', 'values gathered across 100,000 replicates', 'the limit is 16 GB'],
    binary: true,
  },
  {
    size: 'run --network-out of a million residents',
    argv: ['run', 'region', '--network-out', 'net.gexf', '--memory-limit', '4GB', '--out', 'out'],
    refusal: ['this run needs about 9.6 GB of memory', 'the limit is 4.0 GB', 'or leave out --network-out'],
  },
  {
    size: 'trial --replicates 1e9',
    argv: ['trial', 'cpi-pilot', '--replicates', '1000000000', '--out', 'out'],
    refusal: ['--replicates 1000000000: expected a whole number from 1 to 1,000,000'],
    binary: true,
  },
  {
    size: 'trial --replicates 1e6 on 512 MB',
    argv: ['trial', 'cpi-pilot', '--replicates', '1000000', '--workers', '2', '--memory-limit', '512MB', '--out', 'out'],
    refusal: ['1,000,000 simulated trials needs about 1,009 MB of memory', 'the limit is 512 MB'],
  },
  {
    size: 'calibrate --particles 1e9',
    argv: [...calibrate, '--particles', '1000000000', '--out', 'out'],
    refusal: ['--particles 1000000000: expected a whole number from 2 to 1,000,000'],
  },
  {
    size: 'calibrate --particles 1e6 on 4 GB',
    argv: [...calibrate, '--particles', '1000000', '--workers', '2', '--memory-limit', '4GB', '--out', 'out'],
    refusal: ['a calibration with 1,000,000 particles needs about 6.1 GB of memory', 'the limit is 4.0 GB'],
  },
  {
    size: 'a grid of 5e7 points',
    argv: ['sweep', 'grid.json', '--out', 'out'],
    files: sweep('grid', { type: 'grid' }, 1, [
      { ...twoFactors[0], levels: 10_000 },
      { ...twoFactors[1], levels: 5_000 },
    ]),
    refusal: ['grid design: 50,000,000 points is more than the 1,000,000 allowed'],
  },
  {
    size: 'LHS 1e7 points × 1e6 replicates',
    argv: ['sweep', 'lhs.json', '--out', 'out'],
    files: sweep('lhs', { type: 'lhs', points: 10_000_000 }, 1_000_000),
    refusal: ['design.points: 10000000 is out of range: <=1000000'],
  },
  {
    size: 'LHS 1e6 points × 1e6 replicates',
    argv: ['sweep', 'lhs-runs.json', '--out', 'out'],
    files: sweep('lhs-runs', { type: 'lhs', points: 1_000_000 }, 1_000_000),
    refusal: ['1,000,000 points × 1,000,000 replicates is 1,000,000,000,000 runs, more than allowed (at most 2,147,483,647)'],
  },
  {
    size: 'Sobol baseSamples 1e7',
    argv: ['sweep', 'sobol.json', '--out', 'out'],
    files: sweep('sobol', { type: 'sobol', baseSamples: 10_000_000 }, 1),
    refusal: ['design.baseSamples: 10000000 is out of range: <=262144'],
  },
  {
    size: 'Sobol baseSamples 262,144 over five factors',
    argv: ['sweep', 'sobol-five.json', '--out', 'out'],
    files: sweep('sobol-five', { type: 'sobol', baseSamples: 262_144 }, 1, fiveFactors),
    refusal: ['sobol design: 1,835,008 points is more than the 1,000,000 allowed', 'at most 142,857 with these factors'],
  },
  {
    size: 'Morris 1e6 trajectories',
    argv: ['sweep', 'morris.json', '--out', 'out'],
    files: sweep('morris', { type: 'morris', trajectories: 1_000_000 }, 1),
    refusal: ['design.trajectories: 1000000 is out of range: <=500000'],
  },
  {
    size: 'Morris 500,000 trajectories over five factors',
    argv: ['sweep', 'morris-five.json', '--out', 'out'],
    files: sweep('morris-five', { type: 'morris', trajectories: 500_000 }, 1, fiveFactors),
    refusal: ['morris design: 3,000,000 points is more than the 1,000,000 allowed', 'at most 166,666 with these factors'],
  },
  {
    size: 'a sweep whose factor reaches 15 million residents',
    argv: ['sweep', 'places.json', '--workers', '2', '--memory-limit', '16GB', '--out', 'out'],
    files: sweep('places', { type: 'grid' }, 1, [{ path: 'population.localities', values: [10, 100_000] }]),
    refusal: ['this sweep needs about 20 GB of memory', '2 workers running one run each', 'the limit is 16 GB'],
    binary: true,
  },
  {
    size: 'slurm tasks of 8 such runs at once',
    argv: ['slurm', 'towns.json', '--shards', '2', '--cpus-per-task', '8', '--memory-limit', '64GB', '--out', 'out'],
    files: sweep('towns', { type: 'grid' }, 1, [{ path: 'population.localities', values: Array.from({ length: 16 }, (_, i) => 100_000 - i) }]),
    refusal: ['each array task needs about 78 GB of memory', '8 workers running one run each', 'the limit is 64 GB'],
  },
];

/** The table as docs/LIMITS.md shows it. */
export function renderResourceBombTable(rows: readonly ResourceBomb[] = RESOURCE_BOMBS): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const lines = ['| size asked for | command | refused with (exit 1, before anything is built or written) |', '|---|---|---|'];
  for (const r of rows) lines.push(`| ${cell(r.size)} | \`cpi-sim ${r.argv.join(' ')}\` | ${r.refusal.map((x) => cell(`“${x}”`)).join(' … ')} |`);
  return lines.join('\n') + '\n';
}
