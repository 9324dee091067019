import { signedNoise, unitNoise } from "./random";
import type { CpuProfile } from "./scenario-types";

// Pure generators: value = f(seed, resource key, metric salt, sample time).
// Time is in epoch seconds; samples sit on multiples of their resolution.

const DAY_SECONDS = 86_400;

function isWeekend(tSec: number): boolean {
  // 1970-01-01 was a Thursday (day 4).
  const weekday = (Math.floor(tSec / DAY_SECONDS) + 4) % 7;
  return weekday === 0 || weekday === 6;
}

/** CPU-like load in percent with daily and weekly cycles plus deterministic noise. */
export function loadPercent(profile: CpuProfile, seed: number, key: number, salt: number, tSec: number): number {
  const hour = (tSec % DAY_SECONDS) / 3600;
  const day = Math.floor(tSec / DAY_SECONDS);
  const daily = 1 + profile.dailyAmplitude * Math.cos((2 * Math.PI * (hour - profile.peakHourUtc)) / 24);
  const weekly = isWeekend(tSec) ? profile.weekendFactor : 1;
  // A slow multi-day drift so consecutive weeks are not identical; flat
  // profiles (the pinned hot instance) barely drift.
  const drift = 1 + 0.4 * Math.min(0.2, profile.dailyAmplitude) * Math.sin((2 * Math.PI * day) / 17 + (key % 7));
  const noise = profile.noise * signedNoise(seed, key, salt, Math.floor(tSec / 60));
  const value = profile.base * daily * weekly * drift + noise;
  return Math.min(profile.max, Math.max(profile.min, value));
}

/** Bytes transferred during one sample interval, roughly following the load. */
export function bytesPerSample(load: number, scale: number, seed: number, key: number, salt: number, tSec: number, resolution: number): number {
  const jitter = 0.75 + 0.5 * unitNoise(seed, key, salt, Math.floor(tSec / 60));
  return Math.round((200 + load * scale) * jitter * resolution);
}

/** Operations during one sample interval. */
export function opsPerSample(load: number, scale: number, seed: number, key: number, salt: number, tSec: number, resolution: number): number {
  return Math.round((1 + load * scale) * (0.7 + 0.6 * unitNoise(seed, key, salt, Math.floor(tSec / 60))) * resolution);
}

/** A fill level that grows slowly since a start time (disks, file systems). */
export function fillPercent(base: number, perDay: number, startSec: number, seed: number, key: number, salt: number, tSec: number): number {
  const days = Math.max(0, tSec - startSec) / DAY_SECONDS;
  const value = base + perDay * days + 0.3 * signedNoise(seed, key, salt, Math.floor(tSec / 300));
  return Math.min(97, Math.max(1, value));
}
