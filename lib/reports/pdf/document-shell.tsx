import type { ReactNode } from "react";
import { Document, Image, Line, Page, Svg, Text, View } from "@react-pdf/renderer";
import type { PageSize } from "../schemas";
import { styles } from "./styles";

export type Logo = { data: Buffer; format: "png" | "jpg" };

export type DocumentMeta = {
  title: string;
  subtitle?: string;
  tenantName: string;
  logo: Logo | null;
  /** Label/value lines on the title page (range, generated at, data as known at, …). */
  facts: [string, string][];
};

export const utc = (d: Date | string | number) => `${new Date(d).toISOString().slice(0, 16).replace("T", " ")} UTC`;

function Footer({ meta }: { meta: DocumentMeta }) {
  return (
    <View style={styles.footer} fixed>
      <Text>
        {meta.tenantName} · {meta.title}
      </Text>
      <Text render={({ pageNumber, totalPages }) => `Page ${pageNumber} of ${totalPages}`} />
    </View>
  );
}

/**
 * Every report: a title page (tenant, logo, title, the facts: range, generated at, data as known
 * at), then one <Page> per body page with a running header and a numbered footer. Callers cut
 * long content into pages themselves (see paginate.ts): @react-pdf re-lays out the rest of a
 * wrapping page at every break, which made one long page of 40 charts take over 10 s.
 */
export function ReportDocument({ meta, pageSize, pages }: { meta: DocumentMeta; pageSize: PageSize; pages: ReactNode[] }) {
  return (
    <Document title={meta.title} author={meta.tenantName} creator="Monitr" producer="Monitr">
      <Page size={pageSize} style={styles.page}>
        {meta.logo ? <Image src={meta.logo} style={{ width: 120, maxHeight: 60, objectFit: "contain", marginBottom: 24 }} /> : null}
        <Text style={[styles.small, { marginTop: meta.logo ? 0 : 84 }]}>{meta.tenantName}</Text>
        <Text style={styles.h1}>{meta.title}</Text>
        {meta.subtitle ? <Text style={[styles.muted, { fontSize: 11 }]}>{meta.subtitle}</Text> : null}
        <View style={styles.facts}>
          {meta.facts.map(([label, value]) => (
            <View key={label} style={styles.fact}>
              <Text style={styles.factLabel}>{label}</Text>
              <Text style={styles.factValue}>{value}</Text>
            </View>
          ))}
        </View>
        <Footer meta={meta} />
      </Page>
      {pages.map((content, i) => (
        <Page key={i} size={pageSize} style={styles.page}>
          <View style={styles.header} fixed>
            <Text>{meta.title}</Text>
            <Text>{meta.tenantName}</Text>
          </View>
          {content}
          <Footer meta={meta} />
        </Page>
      ))}
    </Document>
  );
}

/** A simple table: header row, then rows that wrap across pages (a row never splits). */
export function Table({ columns, rows, widths, textColumns = 1 }: { columns: string[]; rows: string[][]; widths?: number[]; textColumns?: number }) {
  const flex = (i: number) => ({ flex: widths?.[i] ?? 1 });
  const align = (i: number) => (i < textColumns ? {} : { textAlign: "right" as const });
  return (
    <View>
      <View style={styles.headRow}>
        {columns.map((c, i) => (
          <Text key={c} style={[styles.cell, flex(i), align(i)]}>
            {c}
          </Text>
        ))}
      </View>
      {rows.map((r, ri) => (
        <View key={ri} style={styles.row} wrap={false}>
          {r.map((v, i) => (
            <Text key={i} style={[styles.cell, flex(i), align(i)]}>
              {v}
            </Text>
          ))}
        </View>
      ))}
    </View>
  );
}

const FAST_FONT = 7.5;
const FAST_LINE = 13;
/** Helvetica's average glyph is about half an em wide; cells are cut to fit rather than wrapped. */
const fit = (text: string, width: number) => {
  const max = Math.max(3, Math.floor(width / (FAST_FONT * 0.55)));
  return text.length > max ? `${text.slice(0, max - 1)}\u2026` : text;
};

/**
 * A large table (hundreds of rows) for one page: one Text node per column with the cells as
 * lines, and the row rules as one SVG. @react-pdf spends about a millisecond laying out each
 * text node, so a cell per node made a 160-row summary take seconds; this takes a few dozen nodes.
 * Cells never wrap (they are cut with an ellipsis), so the columns' lines stay aligned.
 */
export function FastTable({ columns, rows, widths, textColumns = 1, width }: { columns: string[]; rows: string[][]; widths: number[]; textColumns?: number; width: number }) {
  const total = widths.reduce((a, b) => a + b, 0);
  const px = widths.map((w) => (w / total) * width);
  const align = (i: number) => (i < textColumns ? ("left" as const) : ("right" as const));
  // A little slack below the last line: a Text taller than its box loses the lines that overflow.
  const height = rows.length * FAST_LINE + 6;
  return (
    <View>
      <View style={[styles.headRow, { paddingBottom: 3 }]}>
        {columns.map((c, i) => (
          <Text key={c} style={{ width: px[i], paddingRight: 4, textAlign: align(i), fontSize: FAST_FONT }}>
            {c}
          </Text>
        ))}
      </View>
      <View style={{ position: "relative", height, marginTop: 2 }}>
        <Svg width={width} height={height} style={{ position: "absolute", top: 0, left: 0 }}>
          {rows.map((_, r) => (
            <Line key={r} x1={0} x2={width} y1={(r + 1) * FAST_LINE} y2={(r + 1) * FAST_LINE} stroke="#e2e8f0" strokeWidth={0.5} />
          ))}
        </Svg>
        <View style={{ flexDirection: "row" }}>
          {columns.map((c, i) => (
            <Text key={c} style={{ width: px[i], paddingRight: 4, textAlign: align(i), fontSize: FAST_FONT, lineHeight: FAST_LINE / FAST_FONT }}>
              {rows.map((row) => fit(row[i] ?? "", px[i] - 4)).join("\n")}
            </Text>
          ))}
        </View>
      </View>
    </View>
  );
}
