import { G, Line, Path, Svg, Text, View } from "@react-pdf/renderer";
import { lineChart, PALETTE } from "./chart-geometry";
import { COLORS, CONTENT_WIDTH, styles } from "./styles";

export type ChartLine = { label: string; points: [number, number][] };

const BOX = { width: CONTENT_WIDTH, height: 150, left: 42, right: 8, top: 8, bottom: 18 };

/** A metric's lines over the range as vector paths (the geometry is computed in chart-geometry.ts). */
export function LineChart({ title, unit, lines, from, to, note, gapMs }: { title: string; unit: string; lines: ChartLine[]; from: number; to: number; note?: string; gapMs?: number }) {
  const g = lineChart(lines, { from, to }, BOX, gapMs);
  return (
    <View style={styles.chartBox} wrap={false}>
      <Text style={styles.h3}>
        {title}
        {unit && unit !== "None" ? <Text style={styles.muted}> ({unit})</Text> : null}
      </Text>
      <Svg width={BOX.width} height={BOX.height} viewBox={`0 0 ${BOX.width} ${BOX.height}`}>
        <G>
          {g.yTicks.map((t) => (
            <G key={`y${t.value}`}>
              <Line x1={g.plot.x0} x2={g.plot.x1} y1={t.pos} y2={t.pos} stroke={COLORS.grid} strokeWidth={0.5} />
              <Text x={g.plot.x0 - 4} y={t.pos + 2} style={{ fontSize: 6 }} fill={COLORS.muted} textAnchor="end">
                {t.label}
              </Text>
            </G>
          ))}
          {g.xTicks.map((t) => (
            <Text key={`x${t.value}`} x={t.pos} y={g.plot.y0 + 10} style={{ fontSize: 6 }} fill={COLORS.muted} textAnchor="middle">
              {t.label}
            </Text>
          ))}
          <Line x1={g.plot.x0} x2={g.plot.x1} y1={g.plot.y0} y2={g.plot.y0} stroke={COLORS.muted} strokeWidth={0.5} />
          {g.paths.map((d, i) => (d ? <Path key={i} d={d} stroke={PALETTE[i % PALETTE.length]} strokeWidth={1} fill="none" /> : null))}
        </G>
      </Svg>
      <View style={styles.legendRow}>
        {lines.map((l, i) => (
          <View key={i} style={styles.legendItem}>
            <View style={[styles.swatch, { backgroundColor: PALETTE[i % PALETTE.length] }]} />
            <Text style={{ fontSize: 7 }}>{l.label}</Text>
          </View>
        ))}
      </View>
      {lines.every((l) => l.points.length === 0) ? <Text style={styles.small}>No data in this range.</Text> : null}
      {note ? <Text style={styles.small}>{note}</Text> : null}
    </View>
  );
}
