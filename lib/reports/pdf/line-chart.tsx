import { Line, Path, Svg, Text, View } from "@react-pdf/renderer";
import { lineChart, PALETTE } from "./chart-geometry";
import { COLORS, CONTENT_WIDTH, styles } from "./styles";

export type ChartLine = { label: string; points: [number, number][] };

const BOX = { width: CONTENT_WIDTH, height: 150, left: 42, right: 8, top: 8, bottom: 18 };
/** The plot is drawn in a viewBox ten times finer than points, with integer coordinates (see chart-geometry.ts). */
const SCALE = 10;
const LABEL = { position: "absolute" as const, fontSize: 6, color: COLORS.muted };

/*
 * A metric's lines over the range as vector paths. Text is the expensive part of @react-pdf's
 * layout (about a millisecond per text node), so axis labels are absolutely placed Text nodes
 * outside the SVG and the legend is one paragraph of coloured spans.
 */
export function LineChart({ title, unit, lines, from, to, note, gapMs }: { title: string; unit: string; lines: ChartLine[]; from: number; to: number; note?: string; gapMs?: number }) {
  const g = lineChart(lines, { from, to }, BOX, gapMs, SCALE);
  const s = (n: number) => Math.round(n * SCALE);
  return (
    <View style={styles.chartBox} wrap={false}>
      <Text style={styles.h3}>
        {title}
        {unit && unit !== "None" ? <Text style={styles.muted}> ({unit})</Text> : null}
      </Text>
      <View style={{ width: BOX.width, height: BOX.height, position: "relative" }}>
        <Svg width={BOX.width} height={BOX.height} viewBox={`0 0 ${BOX.width * SCALE} ${BOX.height * SCALE}`}>
          {g.yTicks.map((t) => (
            <Line key={`y${t.value}`} x1={s(g.plot.x0)} x2={s(g.plot.x1)} y1={s(t.pos)} y2={s(t.pos)} stroke={COLORS.grid} strokeWidth={5} />
          ))}
          <Line x1={s(g.plot.x0)} x2={s(g.plot.x1)} y1={s(g.plot.y0)} y2={s(g.plot.y0)} stroke={COLORS.muted} strokeWidth={5} />
          {g.paths.map((d, i) => (d ? <Path key={i} d={d} stroke={PALETTE[i % PALETTE.length]} strokeWidth={10} fill="none" /> : null))}
        </Svg>
        {g.yTicks.map((t) => (
          <Text key={`yl${t.value}`} style={[LABEL, { top: t.pos - 3.5, left: 0, width: g.plot.x0 - 4, textAlign: "right" }]}>
            {t.label}
          </Text>
        ))}
        {g.xTicks.map((t) => (
          <Text key={`xl${t.value}`} style={[LABEL, { top: g.plot.y0 + 4, left: t.pos - 30, width: 60, textAlign: "center" }]}>
            {t.label}
          </Text>
        ))}
      </View>
      <Text style={{ fontSize: 7, marginTop: 2, lineHeight: 1.5 }}>
        {lines.map((l, i) => (
          <Text key={i}>
            <Text style={{ color: PALETTE[i % PALETTE.length], fontFamily: "Helvetica-Bold" }}>{"\u2014\u2014 "}</Text>
            {l.label}
            {"     "}
          </Text>
        ))}
      </Text>
      {lines.every((l) => l.points.length === 0) ? <Text style={styles.small}>No data in this range.</Text> : null}
      {note ? <Text style={styles.small}>{note}</Text> : null}
    </View>
  );
}
