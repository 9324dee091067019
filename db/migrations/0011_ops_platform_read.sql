-- The platform read role (0006) also reads the tenants list (RLS is enabled, not forced, on this
-- global table, so it needs its own policy) and the notification outbox, for the operator console
-- and the Prometheus backlog gauge.
GRANT SELECT ON tenants TO monitr_ops;
--> statement-breakpoint
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_policies WHERE schemaname = 'public' AND tablename = 'tenants' AND policyname = 'platform_read') THEN
    CREATE POLICY platform_read ON tenants FOR SELECT TO monitr_ops USING (true);
  END IF;
END $$;
--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['alert_outbox', 'alert_rules', 'cost_records']
  LOOP
    IF to_regclass(format('public.%I', t)) IS NOT NULL THEN
      EXECUTE format('GRANT SELECT ON %I TO monitr_ops', t);
      IF NOT EXISTS (SELECT 1 FROM pg_policies WHERE schemaname = 'public' AND tablename = t AND policyname = 'platform_read') THEN
        EXECUTE format('CREATE POLICY platform_read ON %I FOR SELECT TO monitr_ops USING (true)', t);
      END IF;
    END IF;
  END LOOP;
END $$;
