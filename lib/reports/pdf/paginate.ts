/*
 * Cutting report bodies into pages before rendering (see ReportDocument for why). Heights are
 * estimates in points, conservative for Letter, the shorter of the two page sizes (792 pt less
 * margins, header and footer leaves ~690 pt).
 */
export const PAGE_BODY_HEIGHT = 660;

/** Greedy packing: items in order, a new page when the next one does not fit. */
export function packPages<T>(items: T[], height: (item: T) => number, budget = PAGE_BODY_HEIGHT, firstPageBudget = budget): T[][] {
  const pages: T[][] = [];
  let current: T[] = [];
  let left = firstPageBudget;
  for (const item of items) {
    const h = height(item);
    if (current.length > 0 && h > left) {
      pages.push(current);
      current = [];
      left = budget;
    }
    current.push(item);
    left -= h;
  }
  if (current.length > 0) pages.push(current);
  return pages;
}

/** A chart's height: title, plot, legend rows (about four labels per row), note. */
export const chartHeight = (lines: number, hasNote: boolean) => 18 + 150 + Math.ceil(Math.max(1, lines) / 4) * 12 + 14 + (hasNote ? 10 : 0);
