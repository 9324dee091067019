import { G, Line, Rect, Svg, Text, View } from "@react-pdf/renderer";
import { barChart } from "./chart-geometry";
import { COLORS, CONTENT_WIDTH, styles } from "./styles";

const BOX = { width: CONTENT_WIDTH, height: 140, left: 42, right: 8, top: 8, bottom: 18 };

/** Daily values as vector bars, with the first, middle and last day labelled. */
export function BarChart({ title, days, estimatedFrom }: { title: string; days: { day: string; amount: number; estimated: boolean }[]; estimatedFrom?: string }) {
  const g = barChart(
    days.map((d) => d.amount),
    BOX,
  );
  const labelled = new Set([0, Math.floor((days.length - 1) / 2), days.length - 1]);
  return (
    <View style={styles.chartBox} wrap={false}>
      <Text style={styles.h3}>{title}</Text>
      <Svg width={BOX.width} height={BOX.height} viewBox={`0 0 ${BOX.width} ${BOX.height}`}>
        {g.yTicks.map((t) => (
          <G key={`y${t.value}`}>
            <Line x1={g.plot.x0} x2={g.plot.x1} y1={t.pos} y2={t.pos} stroke={COLORS.grid} strokeWidth={0.5} />
            <Text x={g.plot.x0 - 4} y={t.pos + 2} style={{ fontSize: 6 }} fill={COLORS.muted} textAnchor="end">
              {t.label}
            </Text>
          </G>
        ))}
        {g.bars.map((b, i) => (
          <Rect key={i} x={b.x} y={b.y} width={b.width} height={b.height} fill={days[i]?.estimated ? "#a5b4fc" : COLORS.brand} />
        ))}
        {days.map((d, i) =>
          labelled.has(i) && g.bars[i] ? (
            <Text key={d.day} x={g.bars[i].x + g.bars[i].width / 2} y={g.plot.y0 + 10} style={{ fontSize: 6 }} fill={COLORS.muted} textAnchor="middle">
              {d.day}
            </Text>
          ) : null,
        )}
        <Line x1={g.plot.x0} x2={g.plot.x1} y1={g.plot.y0} y2={g.plot.y0} stroke={COLORS.muted} strokeWidth={0.5} />
      </Svg>
      {days.length === 0 ? <Text style={styles.small}>No cost figures in this range.</Text> : null}
      {estimatedFrom ? <Text style={styles.small}>Lighter bars are estimated: Cost Explorer may still revise them.</Text> : null}
    </View>
  );
}
