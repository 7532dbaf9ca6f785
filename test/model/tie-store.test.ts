// The tie store (struct of typed arrays): add appends in formation order with the alive flag and the
// endpoint key; dissolve is idempotent; clone is a deep copy with spare room; the arrays grow without
// losing ties; the key of a tie depends only on its endpoints, so arms share its random draws.
import { describe, expect, test } from 'vitest';
import { TieStore, tieKey } from '../../src/model/tie-store.js';
import { TieFlag, TieKind } from '../../src/model/codes.js';

describe('TieStore', () => {
  test('a new store is empty with room for at least 16 ties', () => {
    const t = new TieStore(3);
    expect([t.size, t.alive, t.capacity]).toEqual([0, 0, 16]);
    expect(new TieStore(100).capacity).toBe(100);
    expect(new TieStore(100).bytes).toBe(100 * 34);
  });

  test('add returns consecutive ids and stores every field of the tie', () => {
    const t = new TieStore(4);
    const a = t.add(2, 9, 0.25, TieKind.friend, TieFlag.baseline, 0);
    const b = t.add(1, 3, 0.75, TieKind.acquaintance, TieFlag.viaIntervention | TieFlag.outsideServices, 5);
    expect([a, b]).toEqual([0, 1]);
    expect([t.size, t.alive]).toEqual([2, 2]);
    expect([t.a[b], t.b[b], t.kind[b], t.formedAt[b], t.lastContact[b]]).toEqual([1, 3, TieKind.acquaintance, 5, 5]);
    expect(t.strength[b]).toBe(0.75);
    expect(t.baseStrength[b]).toBe(0.75);
    expect(t.level[b]).toBe(0.75);
    expect(t.flags[b]).toBe(TieFlag.alive | TieFlag.viaIntervention | TieFlag.outsideServices);
    expect(t.flags[a]).toBe(TieFlag.alive | TieFlag.baseline);
    expect(t.key[a]).toBe(tieKey(2, 9));
    expect(t.isAlive(a)).toBe(true);
  });

  test('revive writes a new tie into a dead slot: every field, the alive flag and the alive count', () => {
    const t = new TieStore(4);
    const id = t.add(2, 9, 0.25, TieKind.friend, TieFlag.baseline, 0);
    t.dissolve(id);
    expect(t.revive(id, 3, 5, 0.6, TieKind.family, TieFlag.baseline | TieFlag.replacement, 7)).toBe(id);
    expect([t.size, t.alive]).toEqual([1, 1]);
    expect([t.a[id], t.b[id], t.kind[id], t.formedAt[id], t.lastContact[id], t.key[id]]).toEqual([3, 5, TieKind.family, 7, 7, tieKey(3, 5)]);
    expect([t.strength[id], t.baseStrength[id], t.level[id]]).toEqual([Math.fround(0.6), Math.fround(0.6), Math.fround(0.6)]);
    expect(t.flags[id]).toBe(TieFlag.alive | TieFlag.baseline | TieFlag.replacement);
  });

  test('other gives the far end of a tie from either end', () => {
    const t = new TieStore(1);
    const id = t.add(4, 7, 0.5, TieKind.family, 0, 0);
    expect(t.other(id, 4)).toBe(7);
    expect(t.other(id, 7)).toBe(4);
  });

  test('dissolving clears the alive flag once, keeps the other flags and never reuses the id', () => {
    const t = new TieStore(2);
    const id = t.add(0, 1, 0.5, TieKind.friend, TieFlag.baseline, 0);
    t.add(0, 2, 0.5, TieKind.friend, 0, 0);
    t.dissolve(id);
    t.dissolve(id);
    expect(t.isAlive(id)).toBe(false);
    expect(t.flags[id]).toBe(TieFlag.baseline);
    expect([t.size, t.alive]).toEqual([2, 1]);
    expect(t.add(5, 6, 0.1, TieKind.friend, 0, 1)).toBe(2);
  });

  test('the store grows past its capacity and keeps every tie', () => {
    const t = new TieStore(16);
    for (let i = 0; i < 100; i++) t.add(i, i + 1, i / 100, i % 3, i % 2 ? TieFlag.viaIntervention : 0, i);
    expect(t.size).toBe(100);
    expect(t.capacity).toBeGreaterThanOrEqual(100);
    for (let i = 0; i < 100; i++) {
      expect([t.a[i], t.b[i], t.kind[i], t.formedAt[i], t.key[i]]).toEqual([i, i + 1, i % 3, i, tieKey(i, i + 1)]);
      expect(t.strength[i]).toBeCloseTo(i / 100, 6);
      expect(t.isAlive(i)).toBe(true);
    }
  });

  test('a clone is an independent deep copy with room for the extra ties asked for', () => {
    const t = new TieStore(2);
    t.add(0, 1, 0.5, TieKind.friend, TieFlag.baseline, 0);
    t.add(1, 2, 0.6, TieKind.family, 0, 2);
    t.dissolve(1);
    const c = t.clone(50);
    expect([c.size, c.alive]).toEqual([2, 1]);
    expect(c.capacity).toBeGreaterThanOrEqual(52);
    expect(Array.from(c.a.subarray(0, 2))).toEqual([0, 1]);
    expect(c.flags[1]).toBe(0);
    c.strength[0] = 0.9;
    c.dissolve(0);
    c.add(7, 8, 0.1, TieKind.acquaintance, 0, 3);
    expect(t.strength[0]).toBe(0.5);
    expect(t.isAlive(0)).toBe(true);
    expect([t.size, t.alive]).toEqual([2, 1]);
  });

  test('the tie key depends on the endpoints only, and differs between pairs', () => {
    expect(tieKey(3, 10)).toBe(tieKey(3, 10));
    const keys = new Set<number>();
    for (let a = 0; a < 60; a++) for (let b = a + 1; b < 60; b++) keys.add(tieKey(a, b));
    expect(keys.size).toBe((60 * 59) / 2);
    expect(tieKey(3, 10)).not.toBe(tieKey(10, 3));
  });
});
