// Tests for output/canonical-json.ts: the scenario fingerprint ignores key order and formatting.
import { describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from '../../src/output/canonical-json.js';

describe('canonicalJson', () => {
  it('sorts keys at every level and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1], c: null } })).toBe('{"a":{"c":null,"d":[3,1]},"b":1}');
  });

  it('gives the same hash for documents that differ only in key order', () => {
    const one = { name: 'x', seed: 1, parameters: { a: 1, b: 2 } };
    const two = { parameters: { b: 2, a: 1 }, seed: 1, name: 'x' };
    expect(sha256Hex(canonicalJson(one))).toBe(sha256Hex(canonicalJson(two)));
    expect(sha256Hex(canonicalJson({ ...one, seed: 2 }))).not.toBe(sha256Hex(canonicalJson(one)));
  });

  it('computes the standard SHA-256', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
