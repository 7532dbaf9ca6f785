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
    p.onTick('a', 2, 10); // 2 ticks in 2 s: 1 tick/s, 18 ticks left
    expect(lines.at(-1)).toContain('arm 1/2 a: tick 2/10');
    expect(lines.at(-1)).toContain('1.0 ticks/s');
    expect(lines.at(-1)).toContain('about 18 s left');
    p.done();
    expect(lines.at(-1)?.trim()).toBe('');
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
