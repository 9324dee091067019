-- A person may list and end their own sessions in every workspace at once ("sign out everywhere",
-- a password change or reset), with no tenant selected. These policies are permissive, so they
-- widen tenant_isolation only to the rows whose user_id is app.user_id (set by withUser). The
-- expression is spelled out because app_current_user() is defined by db/rls.sql, after migrations.
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_policies WHERE tablename = 'sessions' AND policyname = 'sessions_self_read') THEN
    CREATE POLICY sessions_self_read ON sessions FOR SELECT TO monitr_app
      USING (user_id = NULLIF(current_setting('app.user_id', true), '')::uuid);
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_policies WHERE tablename = 'sessions' AND policyname = 'sessions_self_revoke') THEN
    CREATE POLICY sessions_self_revoke ON sessions FOR UPDATE TO monitr_app
      USING (user_id = NULLIF(current_setting('app.user_id', true), '')::uuid)
      WITH CHECK (user_id = NULLIF(current_setting('app.user_id', true), '')::uuid);
  END IF;
END $$;
