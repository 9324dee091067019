CREATE TABLE "aws_connections" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"aws_account_id" text NOT NULL,
	"role_arn" text NOT NULL,
	"regions" text[] DEFAULT '{}'::text[] NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"last_error" text,
	"missing_permissions" text[] DEFAULT '{}'::text[] NOT NULL,
	"metrics_interval_seconds" integer DEFAULT 300 NOT NULL,
	"cost_tag_keys" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"disconnected_at" timestamp with time zone,
	CONSTRAINT "aws_connections_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "aws_connections_interval_check" CHECK ("aws_connections"."metrics_interval_seconds" in (60, 300))
);
--> statement-breakpoint
CREATE TABLE "cost_records" (
	"tenant_id" uuid NOT NULL,
	"id" bigserial NOT NULL,
	"connection_id" uuid NOT NULL,
	"period_start" date NOT NULL,
	"granularity" text NOT NULL,
	"group_kind" text NOT NULL,
	"group_key" text NOT NULL,
	"group_value" text NOT NULL,
	"metric" text NOT NULL,
	"amount" numeric NOT NULL,
	"unit" text NOT NULL,
	"estimated" boolean NOT NULL,
	"recorded_from" timestamp with time zone NOT NULL,
	"recorded_to" timestamp with time zone,
	CONSTRAINT "cost_records_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "resources" (
	"tenant_id" uuid NOT NULL,
	"id" bigserial NOT NULL,
	"connection_id" uuid NOT NULL,
	"region" text NOT NULL,
	"kind" text NOT NULL,
	"resource_id" text NOT NULL,
	"name" text,
	"state" text,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"tags" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"valid_from" timestamp with time zone NOT NULL,
	"valid_to" timestamp with time zone,
	"recorded_from" timestamp with time zone NOT NULL,
	"recorded_to" timestamp with time zone,
	CONSTRAINT "resources_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "sync_runs" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"connection_id" uuid NOT NULL,
	"region" text NOT NULL,
	"kind" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"status" text DEFAULT 'running' NOT NULL,
	"api_calls" integer DEFAULT 0 NOT NULL,
	"items" integer DEFAULT 0 NOT NULL,
	"error" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "sync_runs_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "external_id" text DEFAULT 'monitr-' || replace(gen_random_uuid()::text, '-', '') NOT NULL;--> statement-breakpoint
ALTER TABLE "aws_connections" ADD CONSTRAINT "aws_connections_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cost_records" ADD CONSTRAINT "cost_records_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resources" ADD CONSTRAINT "resources_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD CONSTRAINT "sync_runs_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "aws_connections_active_role_key" ON "aws_connections" USING btree ("tenant_id","role_arn") WHERE "aws_connections"."disconnected_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "cost_records_current_key" ON "cost_records" USING btree ("tenant_id","connection_id","granularity","period_start","group_kind","group_key","group_value","metric") WHERE "cost_records"."recorded_to" is null;--> statement-breakpoint
CREATE INDEX "cost_records_period_idx" ON "cost_records" USING btree ("tenant_id","connection_id","granularity","period_start");--> statement-breakpoint
CREATE UNIQUE INDEX "resources_current_key" ON "resources" USING btree ("tenant_id","connection_id","region","kind","resource_id") WHERE "resources"."valid_to" is null and "resources"."recorded_to" is null;--> statement-breakpoint
CREATE INDEX "resources_lookup_idx" ON "resources" USING btree ("tenant_id","connection_id","region","kind","resource_id");--> statement-breakpoint
CREATE INDEX "resources_valid_idx" ON "resources" USING btree ("tenant_id","kind","valid_from");--> statement-breakpoint
CREATE INDEX "sync_runs_connection_idx" ON "sync_runs" USING btree ("tenant_id","connection_id","started_at");--> statement-breakpoint
ALTER TABLE "tenants" ADD CONSTRAINT "tenants_external_id_unique" UNIQUE("external_id");