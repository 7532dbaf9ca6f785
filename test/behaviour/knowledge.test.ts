// Behaviour: workers know what they have learnt, and it reaches users (MODEL.md §1 and §8; Webber et al.
// 2016: the worker finds out "what resources … are available to assist the service user to achieve their
// goal"; agency-held knowledge keeps the intervention alive when workers leave). Knowledge of service and
// community nodes alike is drawn, discovered, shared and lost; sign-posting with a goal and nothing known
// that matches it mostly waits, so what workers and agencies know reaches users' new ties.
import { describe, expect, test } from 'vitest';
import { compileWith, meanOverSeeds } from './harness.js';

const SEEDS = Array.from({ length: 12 }, (_, i) => i + 1);
const share = (v: number) => ({ 'agencies.skillSharing.mean': v, 'agencies.skillSharing.sd': 0 });

describe('skill sharing and worker turnover', () => {
  const scenario = compileWith(
    'knowledge-turnover',
    [
      { name: 'sharing-turnover', set: { ...share(1) } },
      { name: 'no-sharing-turnover', set: { ...share(0) } },
      { name: 'sharing-stay', set: { ...share(1), 'workers.turnoverRate': 0 } },
      { name: 'no-sharing-stay', set: { ...share(0), 'workers.turnoverRate': 0 } },
    ],
  );
  // The difference in what turnover costs is small (about 0.02 new ties per user a year against a cost of
  // about 0.4), so this claim takes more seeds than the others.
  const r = meanOverSeeds(scenario, Array.from({ length: 24 }, (_, i) => i + 1), ['new_ties', 'agency_knowledge', 'knowledge_lost']);

  test('with high turnover, users gain more new ties when their agency shares what its workers know', () => {
    expect(r['sharing-turnover'].new_ties).toBeGreaterThan(1.05 * r['no-sharing-turnover'].new_ties);
  });
  test('losing workers costs users more new ties when the agency shares little knowledge', () => {
    const costShared = r['sharing-stay'].new_ties - r['sharing-turnover'].new_ties;
    const costUnshared = r['no-sharing-stay'].new_ties - r['no-sharing-turnover'].new_ties;
    expect(costShared).toBeGreaterThan(0);
    expect(costUnshared).toBeGreaterThan(costShared);
  });
});

describe('what workers know at the start', () => {
  const scenario = compileWith('pilot-england', [
    { name: 'little', set: { 'agencies.fidelity.mean': 0.85, 'workers.initialKnowledge': 0.05, 'agencies.initialSharedKnowledge': 0.05 } },
    { name: 'much', set: { 'agencies.fidelity.mean': 0.85, 'workers.initialKnowledge': 0.6, 'agencies.initialSharedKnowledge': 0.6 } },
  ]);
  const r = meanOverSeeds(scenario, SEEDS, ['new_ties', 'worker_knowledge', 'active_barriers']);
  test('workers and agencies who know more of the local community link users to more new ties', () => {
    expect(r.much.worker_knowledge).toBeGreaterThan(r.little.worker_knowledge);
    expect(r.much.new_ties).toBeGreaterThan(1.05 * r.little.new_ties);
  });
});

describe('objective development', () => {
  const scenario = compileWith('pilot-england', [
    { name: 'no-objectives', set: { 'agencies.fidelity.mean': 0.85, 'processes.objectiveRate': 0 } },
    { name: 'objectives', set: { 'agencies.fidelity.mean': 0.85, 'processes.objectiveRate': 0.8 } },
  ]);
  const r = meanOverSeeds(scenario, SEEDS, ['interest_match_share']);
  test('setting objectives with users raises the share of their activities that match their interests and goals', () => {
    expect(r.objectives.interest_match_share).toBeGreaterThan(r['no-objectives'].interest_match_share + 0.02);
  });
});
