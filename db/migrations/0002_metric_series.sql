CREATE TABLE "series" (
	"tenant_id" uuid NOT NULL,
	"id" bigserial NOT NULL,
	"connection_id" uuid NOT NULL,
	"region" text NOT NULL,
	"resource_kind" text NOT NULL,
	"resource_id" text NOT NULL,
	"namespace" text NOT NULL,
	"metric" text NOT NULL,
	"dimensions" jsonb NOT NULL,
	"dimensions_key" text NOT NULL,
	"stat" text NOT NULL,
	"unit" text NOT NULL,
	"period_seconds" integer NOT NULL,
	"last_point_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "series_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "series" ADD CONSTRAINT "series_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "series_identity_key" ON "series" USING btree ("tenant_id","connection_id","region","namespace","metric","dimensions_key","stat");--> statement-breakpoint
CREATE INDEX "series_resource_idx" ON "series" USING btree ("tenant_id","resource_kind","resource_id");