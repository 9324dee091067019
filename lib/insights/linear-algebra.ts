/*
 * The few matrix operations ordinary least squares needs (p ≤ 8 columns). Written here because no
 * numerics package is a dependency and the systems are tiny.
 */
export type Matrix = number[][];

export function invert(m: Matrix): Matrix | null {
  const n = m.length;
  const a = m.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    if (Math.abs(a[pivot]![col]!) < 1e-12) return null;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    const p = a[col]![col]!;
    for (let j = 0; j < 2 * n; j++) a[col]![j]! /= p;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = a[r]![col]!;
      if (f === 0) continue;
      for (let j = 0; j < 2 * n; j++) a[r]![j]! -= f * a[col]![j]!;
    }
  }
  return a.map((row) => row.slice(n));
}

export function xtx(rows: number[][]): Matrix {
  const p = rows[0]?.length ?? 0;
  const out = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (const x of rows) for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) out[i]![j]! += x[i]! * x[j]!;
  return out;
}

export function xty(rows: number[][], y: number[]): number[] {
  const p = rows[0]?.length ?? 0;
  const out = new Array<number>(p).fill(0);
  rows.forEach((x, k) => {
    for (let i = 0; i < p; i++) out[i]! += x[i]! * y[k]!;
  });
  return out;
}

export const mulVec = (m: Matrix, v: number[]): number[] => m.map((row) => row.reduce((a, x, i) => a + x * v[i]!, 0));
export const dot = (a: number[], b: number[]): number => a.reduce((s, x, i) => s + x * b[i]!, 0);
/** xᵀ M x */
export const quad = (m: Matrix, x: number[]): number => dot(x, mulVec(m, x));

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
