-- Invitations to join an organization. Only the SHA-256 of a token is stored, and request code
-- (botdesk_app) cannot even read that column: a token is resolved through the SECURITY DEFINER
-- function below, because whoever holds it has no org scope yet.

CREATE TABLE invitations (
  org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  -- Lowercased on the way in; accepting compares it with the account's email case-insensitively.
  email text NOT NULL CHECK (email = lower(email)),
  name text,
  role_id uuid NOT NULL,
  invited_by uuid NOT NULL,
  token_hash text NOT NULL CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'declined', 'revoked')),
  expires_at timestamptz NOT NULL,
  accepted_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  CONSTRAINT invitations_token_hash_key UNIQUE (token_hash),
  FOREIGN KEY (org_id, role_id) REFERENCES roles (org_id, id),
  CHECK ((status = 'accepted') = (accepted_by IS NOT NULL))
);
-- At most one pending invitation per address: re-inviting revokes the older one first, and two
-- concurrent invitations of one address cannot both stay pending.
CREATE UNIQUE INDEX invitations_pending_email ON invitations (org_id, email) WHERE status = 'pending';

-- Every column but the hash; the hash is only ever written (a new token) or matched by the function below.
REVOKE ALL ON invitations FROM botdesk_app;
GRANT SELECT (org_id, id, email, name, role_id, invited_by, status, expires_at, accepted_by, created_at, updated_at)
  ON invitations TO botdesk_app;
GRANT INSERT, UPDATE ON invitations TO botdesk_app;

ALTER TABLE invitations ENABLE ROW LEVEL SECURITY;
ALTER TABLE invitations FORCE ROW LEVEL SECURITY;
CREATE POLICY invitations_current ON invitations
  USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid)
  WITH CHECK (org_id = nullif(current_setting('app.org_id', true), '')::uuid);
SELECT botdesk_schema_owner_policy('invitations');

-- Which invitation a token hash names (any status; the caller decides what is still valid). Answers
-- only the key, so the caller then reads the row under its own org scope and RLS.
CREATE FUNCTION botdesk_invitation_by_token(hash_in text) RETURNS TABLE (org_id uuid, id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$ SELECT i.org_id, i.id FROM public.invitations i WHERE i.token_hash = hash_in $$;
REVOKE ALL ON FUNCTION botdesk_invitation_by_token(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION botdesk_invitation_by_token(text) TO botdesk_app;

-- Accepting an invitation proves its address: marks the accepting account's email verified, only
-- when that invitation is accepted by that account and the addresses match. botdesk_app may not
-- update users.email_verified itself.
CREATE FUNCTION botdesk_verify_invited_email(org_in uuid, invitation_in uuid) RETURNS boolean
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
    WITH verified AS (
      UPDATE public.users u SET email_verified = true, updated_at = now()
      FROM public.invitations i
      WHERE i.org_id = org_in AND i.id = invitation_in AND i.status = 'accepted'
        AND u.id = i.accepted_by AND lower(u.email) = i.email
      RETURNING u.id
    )
    SELECT EXISTS (SELECT 1 FROM verified)
  $$;
REVOKE ALL ON FUNCTION botdesk_verify_invited_email(uuid, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION botdesk_verify_invited_email(uuid, uuid) TO botdesk_app;
