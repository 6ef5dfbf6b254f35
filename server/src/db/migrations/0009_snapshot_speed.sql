-- The same membership and user visibility as 0001, with each scope setting read once per query: a
-- scalar subquery becomes an InitPlan, where a bare current_setting() is evaluated (and cast to uuid)
-- on every row. The users check then probes memberships (org_id, user_id) as an index-only scan. A
-- snapshot reads its members joined with users under these policies (bench:sync: ~30% less database
-- time per page of 2000 members).

ALTER POLICY users_visible ON users USING (
  id = (SELECT nullif(current_setting('app.user_id', true), '')::uuid)
  OR EXISTS (
    SELECT 1 FROM memberships m
    WHERE m.user_id = users.id AND m.org_id = (SELECT nullif(current_setting('app.org_id', true), '')::uuid)
  )
);

ALTER POLICY memberships_current ON memberships
  USING (org_id = (SELECT nullif(current_setting('app.org_id', true), '')::uuid))
  WITH CHECK (org_id = (SELECT nullif(current_setting('app.org_id', true), '')::uuid));
ALTER POLICY memberships_mine ON memberships
  USING (user_id = (SELECT nullif(current_setting('app.user_id', true), '')::uuid));
