-- Sign-in through the partnership's identity provider (issue 16, OpenID Connect).

-- A sign-in under way: the browser holds a random id in a cookie (only its hash is kept), so the provider's answer is
-- accepted only in the browser that asked, once (the row is deleted when used), within ten minutes.
CREATE TABLE oidc_flows (
  partnership_id text NOT NULL REFERENCES partnerships(id),
  id_hash text NOT NULL,
  state text NOT NULL,
  nonce text NOT NULL,
  code_verifier text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (partnership_id, id_hash)
);

-- The provider's identifier of a user, when the partnership matches on a claim other than the email (Entra ID's oid).
ALTER TABLE users ADD COLUMN external_id text;
CREATE UNIQUE INDEX users_external_id ON users (partnership_id, external_id) WHERE external_id IS NOT NULL;

-- A session begun at a provider names the partnership whose provider it was, to offer its sign-out (RP-initiated logout).
ALTER TABLE sessions ADD COLUMN signed_in_with text;
