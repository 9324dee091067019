import type { ReactNode } from "react";
import { Document, Image, Page, Text, View } from "@react-pdf/renderer";
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
 * at), then the body on as many pages as it takes, with a running header and numbered footer.
 */
export function ReportDocument({ meta, pageSize, children }: { meta: DocumentMeta; pageSize: PageSize; children: ReactNode }) {
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
      <Page size={pageSize} style={styles.page} wrap>
        <View style={styles.header} fixed>
          <Text>{meta.title}</Text>
          <Text>{meta.tenantName}</Text>
        </View>
        {children}
        <Footer meta={meta} />
      </Page>
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
