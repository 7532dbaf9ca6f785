// The person–person tie store: parallel typed arrays (struct of arrays), growable, with a free list.
// Part of model/. This is the per-tick store (STYLE.md principle 4); graphology is only the export view.
// 34 bytes per tie: endpoints, a hash of the endpoints (the key of the tie's random draws), strength,
// baseline strength, level (the highest strength the tie has reached: routine contact restores it toward
// that, MODEL.md §3.7), kind, flags, formed-at and last-contact ticks.
import { TieFlag } from './codes.js';
import { combine, mix32 } from '../rng/hash.js';

/** The random key of the tie between persons a < b: the same in every arm, whatever its id. */
export const tieKey = (a: number, b: number): number => combine(mix32(a ^ 0x2545f491), b);

/** Bytes per tie slot (the arrays below). */
export const TIE_BYTES = 34;

export class TieStore {
  a: Int32Array;
  b: Int32Array;
  key: Uint32Array;
  strength: Float32Array;
  /** Strength at baseline (tick 0), or at formation for later ties. */
  baseStrength: Float32Array;
  /**
   * The tie's own level: the highest strength it has reached (its baseline strength, raised when meetings
   * strengthen it). Routine contact restores a tie toward its level, not toward 1 (processes/tie-decay.ts).
   */
  level: Float32Array;
  kind: Uint8Array;
  flags: Uint8Array;
  formedAt: Int32Array;
  lastContact: Int32Array;
  /** Ties slots in use (alive or dead): ids are below this. */
  size = 0;
  /** Live ties. */
  alive = 0;

  constructor(capacity: number) {
    const c = Math.max(16, capacity);
    this.a = new Int32Array(c);
    this.b = new Int32Array(c);
    this.key = new Uint32Array(c);
    this.strength = new Float32Array(c);
    this.baseStrength = new Float32Array(c);
    this.level = new Float32Array(c);
    this.kind = new Uint8Array(c);
    this.flags = new Uint8Array(c);
    this.formedAt = new Int32Array(c);
    this.lastContact = new Int32Array(c);
  }

  get capacity(): number {
    return this.a.length;
  }

  /** Bytes held by the tie arrays (capacity, not size). */
  get bytes(): number {
    return this.capacity * TIE_BYTES;
  }

  private grow(min: number): void {
    const c = Math.max(min, Math.ceil(this.capacity * 1.5));
    const g = <T extends Int32Array | Uint32Array | Float32Array | Uint8Array>(arr: T, make: (n: number) => T): T => {
      const next = make(c);
      next.set(arr);
      return next;
    };
    this.a = g(this.a, (n) => new Int32Array(n));
    this.b = g(this.b, (n) => new Int32Array(n));
    this.key = g(this.key, (n) => new Uint32Array(n));
    this.strength = g(this.strength, (n) => new Float32Array(n));
    this.baseStrength = g(this.baseStrength, (n) => new Float32Array(n));
    this.level = g(this.level, (n) => new Float32Array(n));
    this.kind = g(this.kind, (n) => new Uint8Array(n));
    this.flags = g(this.flags, (n) => new Uint8Array(n));
    this.formedAt = g(this.formedAt, (n) => new Int32Array(n));
    this.lastContact = g(this.lastContact, (n) => new Int32Array(n));
  }

  /**
   * Append a tie and return its id. Dead slots are not reused here, so ids stay in formation order; only
   * tie replacement reuses the slots of lost ties between residents that nothing refers to any more (revive).
   */
  add(a: number, b: number, strength: number, kind: number, flags: number, tick: number): number {
    if (this.size === this.capacity) this.grow(this.size + 1);
    return this.revive(this.size++, a, b, strength, kind, flags, tick);
  }

  /** Write a new tie into a dead slot (or the next free one, from add) and return its id. */
  revive(id: number, a: number, b: number, strength: number, kind: number, flags: number, tick: number): number {
    this.a[id] = a;
    this.b[id] = b;
    this.key[id] = tieKey(a, b);
    this.strength[id] = strength;
    this.baseStrength[id] = strength;
    this.level[id] = strength;
    this.kind[id] = kind;
    this.flags[id] = flags | TieFlag.alive;
    this.formedAt[id] = tick;
    this.lastContact[id] = tick;
    this.alive++;
    return id;
  }

  isAlive(id: number): boolean {
    return (this.flags[id] & TieFlag.alive) !== 0;
  }

  dissolve(id: number): void {
    if (this.flags[id] & TieFlag.alive) {
      this.flags[id] &= ~TieFlag.alive;
      this.alive--;
    }
  }

  other(id: number, person: number): number {
    return this.a[id] === person ? this.b[id] : this.a[id];
  }

  /** A deep copy with room for `extra` more ties. */
  clone(extra = 0): TieStore {
    const t = new TieStore(this.size + extra);
    t.a.set(this.a.subarray(0, this.size));
    t.b.set(this.b.subarray(0, this.size));
    t.key.set(this.key.subarray(0, this.size));
    t.strength.set(this.strength.subarray(0, this.size));
    t.baseStrength.set(this.baseStrength.subarray(0, this.size));
    t.level.set(this.level.subarray(0, this.size));
    t.kind.set(this.kind.subarray(0, this.size));
    t.flags.set(this.flags.subarray(0, this.size));
    t.formedAt.set(this.formedAt.subarray(0, this.size));
    t.lastContact.set(this.lastContact.subarray(0, this.size));
    t.size = this.size;
    t.alive = this.alive;
    return t;
  }
}
