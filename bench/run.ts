import fs from "node:fs";
import path from "node:path";

/*
 * `npm run bench -- <name>` runs bench/<name>/index.ts. A benchmark's default export returns its
 * figures; each is printed as `figure: value unit` and the set replaces that benchmark's section
 * of docs/benchmarks.md, with the date and machine it was measured on.
 */
export type Figure = { figure: string; value: number; unit: string; note?: string };
export type Benchmark = () => Promise<{ figures: Figure[]; notes?: string[] }>;

const name = process.argv[2];
const dir = path.resolve(import.meta.dirname);
const available = fs.readdirSync(dir).filter((d) => fs.existsSync(path.join(dir, d, "index.ts")));
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- <${available.join("|") || "name"}>`);
  process.exit(2);
}

const mod = (await import(path.join(dir, name, "index.ts"))) as { default: Benchmark };
const result = await mod.default();
for (const f of result.figures) console.log(`${f.figure}: ${round(f.value)} ${f.unit}`);

const file = path.resolve(dir, "../docs/benchmarks.md");
const header = "# Benchmarks\n\nMeasured with `npm run bench -- <name>` on this project's CI-class machine (2 cores, 24 GiB). Ratios compare against a baseline run in the same process.\n";
const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : header;
const section = [
  `## ${name}`,
  "",
  `Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, Node ${process.version}, ${process.platform}/${process.arch}.`,
  "",
  "| figure | value | unit | note |",
  "| --- | --- | --- | --- |",
  ...result.figures.map((f) => `| ${f.figure} | ${round(f.value)} | ${f.unit} | ${f.note ?? ""} |`),
  ...(result.notes?.length ? ["", ...result.notes.map((n) => `- ${n}`)] : []),
  "",
].join("\n");
const pattern = new RegExp(`## ${name}\\n[\\s\\S]*?(?=\\n## |$)`);
const next = pattern.test(current) ? current.replace(pattern, section.trimEnd() + "\n") : `${current.trimEnd()}\n\n${section}`;
fs.writeFileSync(file, next.trimEnd() + "\n");
process.exit(0);

function round(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(3);
}
