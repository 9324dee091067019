// The simulator clock: every time-dependent answer (instance states, metric
// availability, cost estimates, credential expiry) reads this, never Date.now().

export interface ClockState {
  now: string;
  offsetMs: number;
  fixedTime: string | null;
}

export interface SimClock {
  now(): Date;
  /** Shifts the simulator clock relative to the base clock. */
  setOffset(offsetMs: number): void;
  /** Freezes the clock at the given instant (null unfreezes). */
  setFixed(time: Date | null): void;
  reset(): void;
  state(): ClockState;
}

export function createClock(base: () => Date = () => new Date()): SimClock {
  let offsetMs = 0;
  let fixed: Date | null = null;
  const now = (): Date => new Date((fixed ?? base()).getTime() + offsetMs);
  return {
    now,
    setOffset(ms) {
      offsetMs = ms;
    },
    setFixed(time) {
      fixed = time;
      offsetMs = 0;
    },
    reset() {
      offsetMs = 0;
      fixed = null;
    },
    state: () => ({ now: now().toISOString(), offsetMs, fixedTime: fixed?.toISOString() ?? null }),
  };
}
