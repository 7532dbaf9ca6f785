// Whole-scenario assignments and arms: by default an arm's own value wins; with setOverArms (sweeps) the
// assignment wins in every arm.
import { describe, expect, test } from 'vitest';
import { loadScenario } from '../../src/index.js';

describe('assignments and arms', () => {
  test('by default an arm that sets the same path keeps its own value', () => {
    const s = loadScenario('pilot-england', { set: [['agencies.fidelity.mean', 0.5]] });
    expect(s.arms.find((a) => a.name === 'high-fidelity')!.params.agencies.fidelity.mean).toBe(0.85);
    expect(s.arms.find((a) => a.name === 'usual-care')!.params.agencies.fidelity.mean).toBe(0.5);
  });
  test('with setOverArms the assignment wins in every arm', () => {
    const s = loadScenario('pilot-england', { set: [['agencies.fidelity.mean', 0.5]], setOverArms: true });
    for (const arm of s.arms) expect(arm.params.agencies.fidelity.mean).toBe(0.5);
    expect(s.arms.find((a) => a.name === 'usual-care')!.params.intervention.enabled).toBe(false);
  });
});
