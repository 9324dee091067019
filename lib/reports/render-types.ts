import type { Writable } from "node:stream";
import type { TenantContext } from "@/lib/auth/guard";

/** The report's time: the range it covers (valid time) and the moment its data is read as known (recorded time). */
export type ReportWindow = {
  from: Date;
  to: Date;
  /** Set when the request asked for the data as known at an earlier moment. */
  asOf?: Date;
  /** When the report is generated; "data as known at" is asOf ?? generatedAt. */
  generatedAt: Date;
};

export type RenderArgs<R> = {
  ctx: TenantContext;
  request: R;
  window: ReportWindow;
  /** Where the file's bytes go (the chunk store, a download); ended by the renderer. */
  out: Writable;
  /** 0…1, called as work advances. */
  progress: (fraction: number) => void;
};

export type Renderer<R> = (args: RenderArgs<R>) => Promise<void>;
