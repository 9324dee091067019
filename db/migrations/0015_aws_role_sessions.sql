CREATE TABLE "aws_role_sessions" (
	"tenant_id" uuid NOT NULL,
	"role_key" text NOT NULL,
	"access_key_id" text NOT NULL,
	"sealed" text NOT NULL,
	"account_id" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "aws_role_sessions_tenant_id_role_key_pk" PRIMARY KEY("tenant_id","role_key")
);
--> statement-breakpoint
ALTER TABLE "aws_role_sessions" ADD CONSTRAINT "aws_role_sessions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;