// rng/: the only source of randomness in cpi-sim (STYLE.md principle 1).
export { mix32, mixLight31, combine, hashString, deriveSeed, keyedUniform } from './hash.js';
export { createStream, samplePoisson, KeyedRandom, type RandomStream } from './stream.js';
