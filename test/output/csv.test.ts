// Tests for output/csv.ts: fields are quoted only when they need it.
import { describe, expect, it } from 'vitest';
import { csvField, csvLine } from '../../src/output/csv.js';

describe('csv', () => {
  it('leaves plain fields unquoted', () => {
    expect(csvField('agency-01')).toBe('agency-01');
    expect(csvField('minority B')).toBe('minority B');
    expect(csvField('')).toBe('');
  });

  it('quotes fields with commas, quotes or line breaks, doubling inner quotes', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });

  it('ends every line with a bare newline', () => {
    expect(csvLine(['arm', 'tick', 'x,y'])).toBe('arm,tick,"x,y"\n');
  });
});
