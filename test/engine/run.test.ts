import { describe, expect, test } from 'vitest';

describe('baseline "shared" (issue 17: arms that start equal)', () => {
  test('every arm starts from the first arm\'s week 0, then its own settings act; without it an arm draws its own start', async () => {
    const { loadScenario, compileScenario, runScenario } = await import('../../src/index.js');
    const doc = { ...loadScenario('teaching-barriers').document } as Record<string, unknown>;
    const run = (baseline?: 'shared' | 'per-arm') =>
      runScenario(compileScenario([{ file: '<test>', json: { ...doc, ticks: 8, ...(baseline ? { baseline } : {}) } }]));
    const shared = run('shared');
    const own = run();
    const [a, b] = shared.arms;
    expect(Array.from(b.baseline)).toEqual(Array.from(a.baseline));
    expect(Array.from(b.final)).not.toEqual(Array.from(a.final));
    // The default draws each arm's start from its own prevalence, so arms that differ in barriers differ at week 0.
    expect(Array.from(own.arms[1].baseline)).not.toEqual(Array.from(own.arms[0].baseline));
    // The first arm is the same run either way.
    expect(Array.from(shared.arms[0].final)).toEqual(Array.from(own.arms[0].final));
  });
});
