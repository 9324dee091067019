CREATE TABLE "alert_evaluations" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"evaluated_at" timestamp with time zone NOT NULL,
	"rules" integer NOT NULL,
	"pairs" integer NOT NULL,
	"duration_ms" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "alert_evaluations" ADD CONSTRAINT "alert_evaluations_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_outbox" DROP COLUMN "lease_until";--> statement-breakpoint
ALTER TABLE "alert_rules" DROP COLUMN "last_evaluated_at";