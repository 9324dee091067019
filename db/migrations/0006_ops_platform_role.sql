-- A read-only role for platform operations (operator console, Prometheus gauges): it may read
-- every tenant's rows of a few tables, for counts and last-sync times, and write nothing. System
-- code enters it with SET LOCAL ROLE inside a transaction (lib/operator/platform-read.ts); the
-- application role monitr_app is unaffected. Roles are cluster-wide, so creating it tolerates
-- another database having done it first.
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'monitr_ops') THEN
    CREATE ROLE monitr_ops NOLOGIN NOSUPERUSER NOBYPASSRLS;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
--> statement-breakpoint
DO $$ BEGIN
  EXECUTE format('GRANT monitr_ops TO %I', current_user);
EXCEPTION WHEN others THEN NULL; -- already a member, or a superuser that needs no grant
END $$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO monitr_ops;
--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['aws_connections', 'sync_runs', 'resources', 'series', 'memberships', 'api_keys', 'impersonation_sessions']
  LOOP
    EXECUTE format('GRANT SELECT ON %I TO monitr_ops', t);
    IF NOT EXISTS (SELECT 1 FROM pg_policies WHERE schemaname = 'public' AND tablename = t AND policyname = 'platform_read') THEN
      EXECUTE format('CREATE POLICY platform_read ON %I FOR SELECT TO monitr_ops USING (true)', t);
    END IF;
  END LOOP;
END $$;
