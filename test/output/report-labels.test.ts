// Tests for the report's plain names (src/output/report-labels.ts): arms titled from what each shipped
// scenario declares, with whether they deliver CPI; parameters by their declarations under readable headings.
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import { forEachLeaf, type Group } from '../../src/scenario/spec.js';
import { PARAMETERS, USER_BARRIERS, WORKER_BARRIERS, BARRIER_LABELS } from '../../src/scenario/parameters.js';
import { humaniseName, labelArms, parameterLabel, parameterSection, parameterValueText } from '../../src/output/report-labels.js';

const titles = (name: string) => labelArms(loadScenario(name).document).map((a) => [a.name, a.title, a.cpi]);

describe('arm titles', () => {
  it('say which arms deliver CPI when the scenario compares CPI with usual care', () => {
    expect(titles('pilot-england')).toEqual([
      ['high-fidelity', 'High fidelity CPI', true],
      ['low-fidelity', 'Low fidelity CPI', true],
      ['usual-care', 'Usual care', false],
    ]);
    expect(titles('base')).toEqual([
      ['cpi', 'CPI', true],
      ['usual-care', 'Usual care', false],
    ]);
  });

  it('are the names in words when every arm delivers CPI', () => {
    expect(titles('teaching-barriers')).toEqual([
      ['with-barriers', 'With barriers', true],
      ['no-barriers', 'No barriers', true],
    ]);
    expect(humaniseName('cpi-with-nhs-partners')).toBe('CPI with NHS partners');
  });

  it('follow a scenario that switches CPI off for every arm, and an arm that switches it back on', () => {
    const doc = { parameters: { intervention: { enabled: { value: false } } }, arms: [{ name: 'control' }, { name: 'pilot', set: { 'intervention.enabled': true } }] };
    expect(labelArms(doc).map((a) => [a.title, a.cpi])).toEqual([
      ['Control', false],
      ['Pilot CPI', true],
    ]);
  });

  it('list what an arm changes by plain label with its value', () => {
    const high = labelArms(loadScenario('pilot-england').document)[0];
    expect(high.changes).toEqual([
      { path: 'agencies.fidelity.mean', label: 'Mean agency fidelity to the CPI model', value: '0.85' },
      { path: 'agencies.fidelity.sd', label: 'Standard deviation of agency fidelity to the CPI model between agents', value: '0.05' },
    ]);
  });
});

describe('parameter labels', () => {
  it('exist for every declared parameter, and every barrier has a heading with its name from the CPI paper', () => {
    forEachLeaf(PARAMETERS as unknown as Group, (path) => {
      expect(parameterLabel(path), path).toMatch(/^[A-Z]/);
      expect(parameterSection(path), path).not.toMatch(/^[a-z]|\./);
    });
    for (const b of USER_BARRIERS) expect(parameterSection(`barriers.user.${b}.scale`)).toBe(`Barrier for service users: ${BARRIER_LABELS[`user.${b}`]}`);
    for (const b of WORKER_BARRIERS) expect(parameterSection(`barriers.worker.${b}.scale`)).toBe(`Barrier for workers and agencies: ${BARRIER_LABELS[`worker.${b}`]}`);
    expect(parameterSection('barriers.tacklingBoost')).toBe('Barriers in general');
  });

  it('print values as a reader reads them: yes/no, numbers, and effects as words with fractions', () => {
    expect(parameterValueText(true)).toBe('yes');
    expect(parameterValueText(0.25)).toBe('0.25');
    expect(parameterValueText({ userMomentum: 0.3, tieFormation: 0.2 })).toBe('user momentum 0.3, tie formation 0.2');
    expect(parameterValueText({})).toBe('none');
    expect(parameterValueText('geometric')).toBe('geometric');
  });
});
