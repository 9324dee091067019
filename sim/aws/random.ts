// Deterministic hashing helpers: every simulated value is a pure function of
// (seed, resource, metric, time), so we hash those inputs instead of storing data.

/** FNV-1a 32-bit hash of a string. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Mixes integers into one well-distributed uint32 (murmur3 finalizer per step). */
export function mixHash(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    let k = Math.imul(part | 0, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Uniform value in [0, 1) derived from the parts. */
export function unitNoise(...parts: number[]): number {
  return mixHash(...parts) / 0x1_0000_0000;
}

/** Uniform value in [-1, 1) derived from the parts. */
export function signedNoise(...parts: number[]): number {
  return unitNoise(...parts) * 2 - 1;
}

/** Hex string of the given length derived from the parts (for resource ids). */
export function hexId(length: number, ...parts: number[]): string {
  let out = "";
  let i = 0;
  while (out.length < length) {
    out += mixHash(...parts, i++).toString(16).padStart(8, "0");
  }
  return out.slice(0, length);
}

/** Small seedable PRNG (mulberry32) for sequences such as fault decisions. */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
}
