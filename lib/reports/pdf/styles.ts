import { StyleSheet } from "@react-pdf/renderer";

/*
 * One stylesheet for every report. Content is laid out for the narrower of A4 (595 pt) and
 * Letter (612 pt) minus margins, so the same document reads well on both.
 */
export const PAGE_MARGIN = 40;
/** Width charts are drawn at: A4's 595 pt minus both margins. */
export const CONTENT_WIDTH = 595 - 2 * PAGE_MARGIN;

export const COLORS = { ink: "#0f172a", muted: "#64748b", rule: "#e2e8f0", grid: "#eef2f7", brand: "#4f46e5", over: "#b91c1c", ok: "#047857" };

export const styles = StyleSheet.create({
  page: { paddingTop: PAGE_MARGIN, paddingBottom: PAGE_MARGIN + 16, paddingHorizontal: PAGE_MARGIN, fontFamily: "Helvetica", fontSize: 9, color: COLORS.ink },
  header: { position: "absolute", top: 16, left: PAGE_MARGIN, right: PAGE_MARGIN, fontSize: 7, color: COLORS.muted, flexDirection: "row", justifyContent: "space-between" },
  footer: { position: "absolute", bottom: 20, left: PAGE_MARGIN, right: PAGE_MARGIN, fontSize: 7, color: COLORS.muted, flexDirection: "row", justifyContent: "space-between" },
  h1: { fontSize: 24, fontFamily: "Helvetica-Bold", marginBottom: 8 },
  h2: { fontSize: 14, fontFamily: "Helvetica-Bold", marginTop: 6, marginBottom: 8 },
  h3: { fontSize: 10, fontFamily: "Helvetica-Bold", marginBottom: 4 },
  muted: { color: COLORS.muted },
  small: { fontSize: 7, color: COLORS.muted },
  row: { flexDirection: "row", borderBottomWidth: 0.5, borderBottomColor: COLORS.rule, paddingVertical: 3 },
  headRow: { flexDirection: "row", borderBottomWidth: 1, borderBottomColor: COLORS.ink, paddingBottom: 3, fontFamily: "Helvetica-Bold" },
  cell: { flex: 1, paddingRight: 4 },
  num: { flex: 1, textAlign: "right", paddingRight: 4 },
  wide: { flex: 3, paddingRight: 4 },
  chartBox: { marginBottom: 14 },
  legendRow: { flexDirection: "row", flexWrap: "wrap", marginTop: 2 },
  legendItem: { flexDirection: "row", alignItems: "center", marginRight: 10, marginBottom: 2 },
  swatch: { width: 8, height: 3, marginRight: 3 },
  facts: { marginTop: 24, borderTopWidth: 1, borderTopColor: COLORS.rule, paddingTop: 12 },
  fact: { flexDirection: "row", marginBottom: 6 },
  factLabel: { width: 130, color: COLORS.muted },
  factValue: { flex: 1 },
  kpiRow: { flexDirection: "row", marginBottom: 12 },
  kpi: { flex: 1, borderWidth: 0.5, borderColor: COLORS.rule, padding: 8, marginRight: 6 },
  kpiValue: { fontSize: 14, fontFamily: "Helvetica-Bold", marginTop: 2 },
});
