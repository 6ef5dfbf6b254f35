-- Identity, organizations, roles, memberships, and the row-level security that backs tenant isolation.
-- Requests run as botdesk_app (SET LOCAL ROLE in withTx): it owns nothing and lacks BYPASSRLS, so the
-- policies below hold even when the server connects as a superuser (PGlite, test clusters).

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'botdesk_app') THEN
    CREATE ROLE botdesk_app NOLOGIN NOBYPASSRLS;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  -- Another database of the same cluster created it concurrently.
  NULL;
END $$;

-- A non-superuser connecting role must be a member to SET ROLE botdesk_app.
DO $$
BEGIN
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    EXECUTE format('GRANT botdesk_app TO %I', current_user);
  END IF;
END $$;

-- Better Auth's tables. Only the connecting role (through Better Auth) touches sessions, accounts and
-- verifications; botdesk_app may read users that share an org with the current user.
CREATE TABLE users (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  email text NOT NULL UNIQUE,
  email_verified boolean NOT NULL DEFAULT false,
  image text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sessions (
  id uuid PRIMARY KEY,
  token text NOT NULL UNIQUE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  expires_at timestamptz NOT NULL,
  ip_address text,
  user_agent text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sessions_user_id ON sessions (user_id);

CREATE TABLE accounts (
  id uuid PRIMARY KEY,
  account_id text NOT NULL,
  provider_id text NOT NULL,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  access_token text,
  refresh_token text,
  id_token text,
  access_token_expires_at timestamptz,
  refresh_token_expires_at timestamptz,
  scope text,
  password text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX accounts_user_id ON accounts (user_id);

CREATE TABLE verifications (
  id uuid PRIMARY KEY,
  identifier text NOT NULL,
  value text NOT NULL,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX verifications_identifier ON verifications (identifier);

CREATE TABLE organizations (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  slug text NOT NULL UNIQUE,
  description text NOT NULL DEFAULT '',
  logo_url text,
  owner_id uuid NOT NULL REFERENCES users (id),
  is_personal boolean NOT NULL DEFAULT false,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'deleting')),
  plan text NOT NULL DEFAULT 'free' CHECK (plan IN ('free', 'team', 'business', 'enterprise')),
  default_role_id uuid,
  billing_address text NOT NULL DEFAULT '',
  phone text NOT NULL DEFAULT '',
  version bigint NOT NULL DEFAULT 0,
  deleted_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX organizations_owner_id ON organizations (owner_id);

CREATE TABLE roles (
  org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  key text,
  name text NOT NULL,
  rank integer NOT NULL CHECK (rank BETWEEN 1 AND 100),
  permissions text[] NOT NULL DEFAULT '{}',
  built_in boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  CONSTRAINT roles_org_key UNIQUE (org_id, key)
);

ALTER TABLE organizations
  ADD CONSTRAINT organizations_default_role FOREIGN KEY (id, default_role_id) REFERENCES roles (org_id, id);

CREATE TABLE memberships (
  org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role_id uuid NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'deactivated')),
  kind text NOT NULL DEFAULT 'member' CHECK (kind IN ('member', 'external_collaborator')),
  alias text,
  joined_at timestamptz NOT NULL DEFAULT now(),
  last_login_at timestamptz,
  -- The org version of this member's last role/status change; pull resets cursors older than it.
  grant_version bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  CONSTRAINT memberships_org_user UNIQUE (org_id, user_id),
  FOREIGN KEY (org_id, role_id) REFERENCES roles (org_id, id)
);
CREATE INDEX memberships_user_id ON memberships (user_id);

-- Privileges of the request role. Later migrations' tables get the same through default privileges.
GRANT USAGE ON SCHEMA public TO botdesk_app;
GRANT SELECT, UPDATE (name, updated_at) ON users TO botdesk_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON organizations, roles, memberships TO botdesk_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO botdesk_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO botdesk_app;

-- users is not a tenant table; RLS is enabled but not forced, so Better Auth (the owner) is unaffected
-- while botdesk_app sees only the current user and people who share the current org.
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
CREATE POLICY users_visible ON users FOR SELECT TO botdesk_app USING (
  id = nullif(current_setting('app.user_id', true), '')::uuid
  OR EXISTS (
    SELECT 1 FROM memberships m
    WHERE m.user_id = users.id AND m.org_id = nullif(current_setting('app.org_id', true), '')::uuid
  )
);
CREATE POLICY users_self_update ON users FOR UPDATE TO botdesk_app
  USING (id = nullif(current_setting('app.user_id', true), '')::uuid)
  WITH CHECK (id = nullif(current_setting('app.user_id', true), '')::uuid);

ALTER TABLE organizations ENABLE ROW LEVEL SECURITY;
ALTER TABLE organizations FORCE ROW LEVEL SECURITY;
-- The current org, and for reads also every org the current user belongs to ("my orgs").
CREATE POLICY organizations_current ON organizations
  USING (id = nullif(current_setting('app.org_id', true), '')::uuid)
  WITH CHECK (id = nullif(current_setting('app.org_id', true), '')::uuid);
CREATE POLICY organizations_mine ON organizations FOR SELECT USING (
  EXISTS (
    SELECT 1 FROM memberships m
    WHERE m.org_id = organizations.id AND m.user_id = nullif(current_setting('app.user_id', true), '')::uuid
  )
);

ALTER TABLE roles ENABLE ROW LEVEL SECURITY;
ALTER TABLE roles FORCE ROW LEVEL SECURITY;
CREATE POLICY roles_current ON roles
  USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid)
  WITH CHECK (org_id = nullif(current_setting('app.org_id', true), '')::uuid);
CREATE POLICY roles_mine ON roles FOR SELECT USING (
  EXISTS (
    SELECT 1 FROM memberships m
    WHERE m.org_id = roles.org_id AND m.role_id = roles.id
      AND m.user_id = nullif(current_setting('app.user_id', true), '')::uuid
  )
);

ALTER TABLE memberships ENABLE ROW LEVEL SECURITY;
ALTER TABLE memberships FORCE ROW LEVEL SECURITY;
CREATE POLICY memberships_current ON memberships
  USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid)
  WITH CHECK (org_id = nullif(current_setting('app.org_id', true), '')::uuid);
CREATE POLICY memberships_mine ON memberships FOR SELECT
  USING (user_id = nullif(current_setting('app.user_id', true), '')::uuid);

-- The connecting role (the schema owner) is subject to FORCE like anyone, yet it must see across orgs
-- inside the SECURITY DEFINER functions below (and in migrations and seeding). Request code never
-- runs as it: every request transaction switches to botdesk_app first. A superuser connection
-- (PGlite, test clusters) bypasses RLS anyway; these policies give a non-superuser owner the same.
-- Later migrations call it for their own tenant tables: SELECT botdesk_schema_owner_policy('t');
CREATE FUNCTION botdesk_schema_owner_policy(tbl text) RETURNS void
  LANGUAGE plpgsql SET search_path = pg_catalog, public
  AS $$
BEGIN
  EXECUTE format('CREATE POLICY %I ON %I TO %I USING (true) WITH CHECK (true)', tbl || '_schema_owner', tbl, current_user);
END $$;
REVOKE ALL ON FUNCTION botdesk_schema_owner_policy(text) FROM PUBLIC;
SELECT botdesk_schema_owner_policy(t) FROM unnest(ARRAY['organizations', 'roles', 'memberships']) AS t;

-- Slugs are unique across all orgs, which RLS hides from a request; this answers only yes or no.
CREATE FUNCTION botdesk_slug_taken(candidate text) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$ SELECT EXISTS (SELECT 1 FROM public.organizations WHERE slug = candidate) $$;
REVOKE ALL ON FUNCTION botdesk_slug_taken(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION botdesk_slug_taken(text) TO botdesk_app;
