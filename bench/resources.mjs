// Bench: the pre-flight's memory and time estimates against measured peak RSS and wall time, each command in
// a fresh process (bench/child-resources.mjs). Run after `npm run build`: node bench/resources.mjs.
// The figures go in docs/LIMITS.md; test/engine/resource-estimate.test.ts checks two sizes with a generous
// tolerance on memory (never on time).
import { printTable, runChild } from './lib.mjs';

const region = (localities) => [
  `population.localities=${localities}`,
  `agencies.count=${Math.max(1, localities / 10)}`,
  `agencies.localitiesPerAgency=${Math.min(10, localities)}`,
  `serviceUsers.referrals=${localities * 20}`,
];
const cases = [
  ['teaching-barriers', '0'],
  ['pilot-england', '0'],
  ['pilot-england', '200'],
  ['pilot-england', '1000'],
  ['region', '0', ...region(5)],
  ['region', '0', ...region(50)],
  ['region', '0', ...region(200)],
  ['region', '0'],
];
const rows = [];
for (const [name, reps, ...sets] of cases) {
  const r = runChild('./child-resources.mjs', [name, reps, ...sets]);
  const label = `${name}${reps !== '0' ? ` --replicates ${reps}` : ''}${sets.length ? ` (${sets[0]})` : ''}`;
  rows.push([
    label,
    `${r.measuredMb.toFixed(0)} MB / ${r.measuredS.toFixed(1)} s`,
    `est. ${r.estimateMb.toFixed(0)} MB / ${r.estimateS.toFixed(1)} s`,
    `memory ×${(r.estimateMb / r.measuredMb).toFixed(2)}, time ×${(r.estimateS / r.measuredS).toFixed(2)}`,
  ]);
}
printTable('Pre-flight estimates against measured peak RSS and wall time', rows);
