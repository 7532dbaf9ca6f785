// Pinned first outputs of the RNG: a change to seeding or mixing shows up here first. Also: seed
// derivation is sensitive to every label and to their order; keyed uniforms are uniform (mean and a
// chi-square over 10 bins on 100k draws from a fixed key set) and uncorrelated between neighbouring keys.
import { describe, expect, test } from 'vitest';
import { deriveSeed, keyedUniform, createStream, mix32, combine, hashString, KeyedRandom } from '../../src/rng/index.js';

describe('rng', () => {
  test('derived seeds are pinned', () => {
    expect(deriveSeed(1, 'build', 'persons')).toBe(deriveSeed(1, 'build', 'persons'));
    expect(deriveSeed(1, 'build', 'persons')).not.toBe(deriveSeed(2, 'build', 'persons'));
    expect(deriveSeed(2016, 'population')).toMatchInlineSnapshot(`3193444049`);
  });
  test('the first outputs of a seeded stream are pinned', () => {
    const s = createStream(42);
    expect([s.next(), s.next(), s.next()].map((x) => x.toFixed(12))).toMatchInlineSnapshot(`
      [
        "0.684863496339",
        "0.546324467752",
        "0.845593318576",
      ]
    `);
  });
  test('keyed uniforms are pinned and lie in [0, 1)', () => {
    expect(keyedUniform(deriveSeed(7, 'tick', 'intake'), 3, 10, 0).toFixed(12)).toMatchInlineSnapshot(`"0.136020809645"`);
    for (let i = 0; i < 1000; i++) {
      const u = keyedUniform(123, i, i * 7, i * 13);
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
    }
  });
});

describe('seed derivation', () => {
  test('the order of the labels matters', () => {
    expect(deriveSeed(1, 'build', 'persons')).not.toBe(deriveSeed(1, 'persons', 'build'));
    expect(deriveSeed(1, 3, 4)).not.toBe(deriveSeed(1, 4, 3));
  });

  test('every label matters, and so does the root', () => {
    const base = deriveSeed(2016, 'build', 'network');
    expect(deriveSeed(2016, 'build', 'nodes')).not.toBe(base);
    expect(deriveSeed(2016, 'built', 'network')).not.toBe(base);
    expect(deriveSeed(2017, 'build', 'network')).not.toBe(base);
    expect(deriveSeed(2016, 'build')).not.toBe(base);
    expect(deriveSeed(2016, 'build', 'network', 0)).not.toBe(base);
    expect(deriveSeed('2016', 'build', 'network')).not.toBe(base);
  });

  test('the stream names the engine uses all get distinct seeds', () => {
    const names = ['persons', 'network', 'nodes', 'agencies', 'users', 'intake', 'barriers', 'partnership', 'tie-contact', 'attendance', 'flows'];
    const seeds = new Set(names.map((n) => deriveSeed(7, 'tick', n)));
    expect(seeds.size).toBe(names.length);
  });

  test('derived seeds are unsigned 32-bit integers', () => {
    for (let r = 0; r < 500; r++) {
      const s = deriveSeed(r * 7919, 'x', r);
      expect(Number.isInteger(s)).toBe(true);
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThan(2 ** 32);
    }
  });

  test('adding a label elsewhere does not shift a derived seed (it depends on its own labels only)', () => {
    const before = deriveSeed(5, 'tick', 'intake');
    deriveSeed(5, 'tick', 'a-new-process');
    expect(deriveSeed(5, 'tick', 'intake')).toBe(before);
    expect(new KeyedRandom(5).stream('intake')).toBe(before);
  });

  test('mix32 is a bijection on a sample: distinct inputs give distinct outputs', () => {
    const out = new Set<number>();
    for (let i = 0; i < 100_000; i++) out.add(mix32(i));
    expect(out.size).toBe(100_000);
    expect(mix32(0)).toBe(0);
  });

  test('hashString and combine depend on every character and key', () => {
    expect(hashString('ab')).not.toBe(hashString('ba'));
    expect(hashString('')).not.toBe(hashString('a'));
    expect(combine(1, 2)).not.toBe(combine(2, 1));
  });
});

describe('keyed uniforms', () => {
  const stream = deriveSeed(2016, 'tick', 'uniformity');
  const draws = new Float64Array(100_000);
  for (let i = 0; i < draws.length; i++) draws[i] = keyedUniform(stream, i % 100, Math.floor(i / 100), i % 7);

  test('their mean over 100k draws is near 0.5', () => {
    const m = draws.reduce((a, b) => a + b, 0) / draws.length;
    // The standard error is 0.29 / sqrt(1e5) ≈ 0.0009.
    expect(Math.abs(m - 0.5)).toBeLessThan(0.005);
  });

  test('a chi-square over 10 equal bins stays below a generous bound', () => {
    const bins = new Array(10).fill(0);
    for (const u of draws) bins[Math.floor(u * 10)]++;
    const e = draws.length / 10;
    const chi2 = bins.reduce((a, o) => a + (o - e) ** 2 / e, 0);
    // 9 degrees of freedom: P(chi2 > 40) is about 8e-6.
    expect(chi2).toBeLessThan(40);
  });

  test('neighbouring entities are uncorrelated', () => {
    const n = 50_000;
    const x = Float64Array.from({ length: n }, (_, a) => keyedUniform(stream, 3, a, 0));
    let sxy = 0;
    for (let i = 1; i < n; i++) sxy += (x[i] - 0.5) * (x[i - 1] - 0.5);
    const r = sxy / (n - 1) / (1 / 12);
    expect(Math.abs(r)).toBeLessThan(0.03);
  });

  test('each of tick, entity and slot changes the draw', () => {
    const u = keyedUniform(stream, 4, 5, 6);
    expect(keyedUniform(stream, 5, 5, 6)).not.toBe(u);
    expect(keyedUniform(stream, 4, 6, 6)).not.toBe(u);
    expect(keyedUniform(stream, 4, 5, 7)).not.toBe(u);
    expect(keyedUniform(stream + 1, 4, 5, 6)).not.toBe(u);
    expect(keyedUniform(stream, 4, 5, 6)).toBe(u);
  });

  test('a KeyedRandom gives the keyed uniform of its named stream, the same for two instances of one seed', () => {
    const a = new KeyedRandom(9);
    const b = new KeyedRandom(9);
    expect(a.stream('intake')).toBe(deriveSeed(9, 'tick', 'intake'));
    expect(a.uniform(a.stream('intake'), 2, 3)).toBe(b.uniform(b.stream('intake'), 2, 3, 0));
    expect(a.uniform(a.stream('intake'), 2, 3)).toBe(keyedUniform(deriveSeed(9, 'tick', 'intake'), 2, 3, 0));
    expect(new KeyedRandom(-1).seed).toBe(2 ** 32 - 1);
  });
});

import { mixLight31 } from '../../src/rng/index.js';
import { tieKey } from '../../src/model/tie-store.js';

describe('the light mixer used for tie draws', () => {
  test('tie draws over many ties and ticks are uniform in ten bins and uncorrelated between ticks', () => {
    const bins = new Array(10).fill(0);
    let prev = 0;
    let sumXY = 0;
    let n = 0;
    for (let a = 0; a < 400; a++)
      for (let b = a + 1; b < a + 26; b++) {
        const key = tieKey(a, b);
        for (let t = 1; t <= 10; t++) {
          const u = mixLight31(key ^ combine(12345, t)) / 2147483648;
          bins[Math.floor(u * 10)]++;
          if (t > 1) sumXY += (u - 0.5) * (prev - 0.5);
          prev = u;
          n++;
        }
      }
    const expected = n / 10;
    const chi2 = bins.reduce((acc, o) => acc + ((o - expected) * (o - expected)) / expected, 0);
    expect(chi2).toBeLessThan(30); // 9 degrees of freedom: p < 0.001 at 27.9
    expect(Math.abs(sumXY / n)).toBeLessThan(0.005); // lag-1 covariance near 0 (uniform variance is 1/12)
  });
});
