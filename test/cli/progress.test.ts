// The run progress line: arm, tick, rate and time left, on a terminal only.
import { describe, expect, test } from 'vitest';
import { createProgress, formatDuration } from '../../src/cli/progress.js';

const io = (lines: string[]) => ({ stdout: () => {}, stderr: (t: string) => lines.push(t), cwd: '/', stderrIsTTY: true, columns: 80 });

describe('progress', () => {
  test('it shows the arm, the tick, the rate and the time left from a steady clock', () => {
    const lines: string[] = [];
    let clock = 0;
    const p = createProgress(io(lines), ['a', 'b'], true, () => clock);
    expect(lines[0]).toContain('building the population');
    p.onTick('a', 1, 10); // clock starts
    clock = 2000;
    p.onTick('a', 2, 10); // 1 tick timed in 2 s: 0.5 ticks/s, 18 ticks left
    expect(lines.at(-1)).toContain('arm 1/2 a: tick 2/10');
    expect(lines.at(-1)).toContain('0.5 ticks/s');
    expect(lines.at(-1)).toContain('about 36 s left');
    p.done();
    expect(lines.at(-1)?.trim()).toBe('');
  });
  test('it shows no rate until a second of ticks has been timed, however fast the first ticks come', () => {
    const lines: string[] = [];
    let clock = 0;
    const p = createProgress(io(lines), ['a'], true, () => clock);
    p.onTick('a', 1, 100); // clock starts
    expect(lines.at(-1)).toContain('estimating the time left');
    clock = 0.007; // a few microseconds later: no absurd "141183.1 ticks/s about 0 s left"
    p.onTick('a', 2, 100);
    expect(lines.at(-1)).toContain('tick 2/100');
    expect(lines.at(-1)).toContain('estimating the time left');
    expect(lines.at(-1)).not.toMatch(/ticks\/s|left$/);
    clock = 999;
    p.onTick('a', 3, 100);
    expect(lines.at(-1)).toContain('estimating the time left');
    clock = 1000; // 3 ticks timed (2, 3 and 4) in 1 s, 96 left
    p.onTick('a', 4, 100);
    expect(lines.at(-1)).toContain('3.0 ticks/s');
    expect(lines.at(-1)).toContain('about 32 s left');
  });
  test('it writes nothing when disabled', () => {
    const lines: string[] = [];
    const p = createProgress(io(lines), ['a'], false);
    p.onTick('a', 1, 3);
    p.done();
    expect(lines).toEqual([]);
  });
  test('durations read as minutes and seconds', () => {
    expect(formatDuration(65)).toBe('1 m 05 s');
    expect(formatDuration(12.4)).toBe('12 s');
  });
});
