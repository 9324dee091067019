-- Metric points and rollups: range-partitioned by day (UTC), which drizzle-kit cannot express.
-- Typed declarations for queries live in lib/metrics/tables.ts. No foreign keys: they would add a
-- per-row lookup to every point written; writePoints checks that every series exists (and locks
-- it) once per batch instead.

-- Bitemporal: [recorded_from, recorded_to) is when Monitr held this value for (series_id, ts).
-- A revision closes the current row (recorded_to = the revision's time) and inserts a new one.
CREATE TABLE "metric_points" (
	"tenant_id" uuid NOT NULL,
	"series_id" bigint NOT NULL,
	"ts" timestamp with time zone NOT NULL,
	"value" double precision NOT NULL,
	"recorded_from" timestamp with time zone DEFAULT now() NOT NULL,
	"recorded_to" timestamp with time zone DEFAULT 'infinity' NOT NULL
) PARTITION BY RANGE ("ts");
--> statement-breakpoint
-- At most one current version per point: this is what keeps two concurrent writers of the same
-- batch duplicate-free (INSERT … ON CONFLICT DO NOTHING infers it). It is also the index every
-- current-value query uses.
CREATE UNIQUE INDEX "metric_points_current_key" ON "metric_points" ("tenant_id", "series_id", "ts") WHERE "recorded_to" = 'infinity';
--> statement-breakpoint
-- Superseded versions only (rare), for asOf queries; new points never touch it.
CREATE INDEX "metric_points_history_idx" ON "metric_points" ("tenant_id", "series_id", "ts") WHERE "recorded_to" <> 'infinity';
--> statement-breakpoint
-- Rollups hold aggregates of the current raw values only (no recorded time).
CREATE TABLE "metric_rollups_5m" (
	"tenant_id" uuid NOT NULL,
	"series_id" bigint NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"min" double precision NOT NULL,
	"max" double precision NOT NULL,
	"sum" double precision NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "metric_rollups_5m_pk" PRIMARY KEY ("tenant_id", "series_id", "bucket")
) PARTITION BY RANGE ("bucket");
--> statement-breakpoint
CREATE TABLE "metric_rollups_1h" (
	"tenant_id" uuid NOT NULL,
	"series_id" bigint NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"min" double precision NOT NULL,
	"max" double precision NOT NULL,
	"sum" double precision NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "metric_rollups_1h_pk" PRIMARY KEY ("tenant_id", "series_id", "bucket")
) PARTITION BY RANGE ("bucket");
--> statement-breakpoint
-- Creates the daily partitions (UTC) of all three tables for the given days; returns the names
-- it created. SECURITY DEFINER so that writePoints, running as monitr_app inside a tenant
-- transaction, can create the partition of a day it is the first to touch.
-- CREATE TABLE … PARTITION OF would take an ACCESS EXCLUSIVE lock on the parent until the
-- caller's transaction ends, stalling every reader; CREATE + ATTACH takes SHARE UPDATE EXCLUSIVE,
-- which readers and writers do not wait for.
-- The day window bounds what a caller can make it create.
CREATE OR REPLACE FUNCTION "metric_ensure_partitions"(days date[]) RETURNS SETOF text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
	d date;
	parent text;
	child text;
	today date := (now() AT TIME ZONE 'UTC')::date;
BEGIN
	FOREACH d IN ARRAY days LOOP
		IF d IS NULL OR d < today - 7300 OR d > today + 62 THEN
			RAISE EXCEPTION 'metric partition day % is outside the accepted window', d USING ERRCODE = '22008';
		END IF;
		FOREACH parent IN ARRAY ARRAY['metric_points', 'metric_rollups_5m', 'metric_rollups_1h'] LOOP
			child := parent || '_p' || to_char(d, 'YYYYMMDD');
			CONTINUE WHEN to_regclass('public.' || child) IS NOT NULL;
			-- Two first writers of a day: the second waits here until the first commits.
			PERFORM pg_advisory_xact_lock(hashtext('metric_partition:' || child));
			CONTINUE WHEN to_regclass('public.' || child) IS NOT NULL;
			BEGIN
				-- Rollup rows are updated in place by later batches; free space keeps those updates HOT.
				EXECUTE format('CREATE TABLE public.%I (LIKE public.%I INCLUDING DEFAULTS)%s', child, parent,
					CASE WHEN parent = 'metric_points' THEN '' ELSE ' WITH (fillfactor = 70)' END);
				EXECUTE format('ALTER TABLE public.%I ATTACH PARTITION public.%I FOR VALUES FROM (%L) TO (%L)',
					parent, child, to_char(d, 'YYYY-MM-DD') || ' 00:00:00+00', to_char(d + 1, 'YYYY-MM-DD') || ' 00:00:00+00');
				-- Access goes through the parent's policy; a partition queried directly must not leak
				-- either (the same invariant db/rls.sql keeps for every table with tenant_id).
				EXECUTE format('ALTER TABLE public.%I ENABLE ROW LEVEL SECURITY', child);
				EXECUTE format('ALTER TABLE public.%I FORCE ROW LEVEL SECURITY', child);
				EXECUTE format('CREATE POLICY tenant_isolation ON public.%I USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant())', child);
				RETURN NEXT child;
			EXCEPTION WHEN duplicate_table OR unique_violation OR duplicate_object THEN
				NULL; -- created by a concurrent caller whose commit this one did not yet see
			END;
		END LOOP;
	END LOOP;
END $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION "metric_ensure_partitions"(date[]) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION "metric_ensure_partitions"(date[]) TO monitr_app;
--> statement-breakpoint
-- Every write batch moves series.last_point_at of every series it touches. Half-empty pages let
-- those updates stay HOT (no index entries; the three indexes of series are otherwise updated
-- for every row of every batch).
ALTER TABLE "series" SET (fillfactor = 50);
