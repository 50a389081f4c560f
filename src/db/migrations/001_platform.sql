-- Platform: partnerships, accounts, sessions, children, timeline and the audit trail.
-- Every table of partnership data carries partnership_id in its key and its foreign keys.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;

CREATE TABLE partnerships (
  id text PRIMARY KEY,
  name text NOT NULL,
  config jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE districts (
  partnership_id text NOT NULL REFERENCES partnerships(id),
  id text NOT NULL,
  name text NOT NULL,
  PRIMARY KEY (partnership_id, id)
);

CREATE TABLE agencies (
  partnership_id text NOT NULL REFERENCES partnerships(id),
  id text NOT NULL,
  name text NOT NULL,
  kind text NOT NULL,
  PRIMARY KEY (partnership_id, id)
);

CREATE TABLE users (
  partnership_id text NOT NULL REFERENCES partnerships(id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  email text NOT NULL,
  display_name text NOT NULL,
  agency_id text NOT NULL,
  roles text[] NOT NULL,
  password_hash text,
  totp_secret text,
  totp_pending_secret text,
  disabled_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (partnership_id, id),
  UNIQUE (id),
  FOREIGN KEY (partnership_id, agency_id) REFERENCES agencies (partnership_id, id)
);
-- Sign-in is by email alone, so an email identifies one account across the deployment.
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

-- Server-side sessions for the browser and bearer tokens for the API; only a hash of the secret is kept.
CREATE TABLE sessions (
  id_hash text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('web', 'api')),
  partnership_id text NOT NULL,
  user_id uuid NOT NULL,
  second_factor_done boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  ended_at timestamptz,
  data jsonb NOT NULL DEFAULT '{}',
  FOREIGN KEY (partnership_id, user_id) REFERENCES users (partnership_id, id)
);
CREATE INDEX sessions_user ON sessions (partnership_id, user_id) WHERE ended_at IS NULL;

-- Failed sign-ins by a hash of the email typed (whether or not an account exists) and by address.
CREATE TABLE login_failures (
  id bigserial PRIMARY KEY,
  key_hash text NOT NULL,
  ip text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_key ON login_failures (key_hash, at);
CREATE INDEX login_failures_ip ON login_failures (ip, at);

CREATE TABLE settings (
  key text PRIMARY KEY,
  value text NOT NULL
);

CREATE SEQUENCE child_reference_seq;

CREATE TABLE children (
  partnership_id text NOT NULL REFERENCES partnerships(id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  reference text NOT NULL,
  first_name text NOT NULL,
  last_name text NOT NULL,
  date_of_birth date,
  gender text,
  ethnicity text,
  sexual_identity text,
  nationality text,
  disability text,
  primary_risk text CHECK (primary_risk IN ('CSE', 'CCE', 'Other')),
  living_situation text,
  eet_status text,
  education_setting text,
  legal_status text,
  special_educational_needs text,
  district_id text,
  child_contact text,
  parent_contact text,
  lead_professional_name text,
  lead_professional_agency_id text,
  lead_professional_contact text,
  search_text text NOT NULL DEFAULT '',
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (partnership_id, id),
  UNIQUE (id),
  UNIQUE (partnership_id, reference),
  FOREIGN KEY (partnership_id, district_id) REFERENCES districts (partnership_id, id),
  FOREIGN KEY (partnership_id, lead_professional_agency_id) REFERENCES agencies (partnership_id, id)
);
CREATE INDEX children_search_trgm ON children USING gin (search_text gin_trgm_ops);
CREATE INDEX children_dob ON children (partnership_id, date_of_birth);
CREATE INDEX children_last_name_dm ON children (partnership_id, dmetaphone(last_name));

CREATE TABLE child_aliases (
  partnership_id text NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  child_id uuid NOT NULL,
  alias text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('alias', 'nickname')),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  PRIMARY KEY (partnership_id, id),
  FOREIGN KEY (partnership_id, child_id) REFERENCES children (partnership_id, id)
);
CREATE INDEX child_aliases_child ON child_aliases (partnership_id, child_id);

CREATE TABLE child_addresses (
  partnership_id text NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  child_id uuid NOT NULL,
  address text NOT NULL,
  postcode text,
  from_date date NOT NULL,
  to_date date,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  PRIMARY KEY (partnership_id, id),
  FOREIGN KEY (partnership_id, child_id) REFERENCES children (partnership_id, id),
  CHECK (to_date IS NULL OR to_date >= from_date)
);
CREATE INDEX child_addresses_child ON child_addresses (partnership_id, child_id);

CREATE TABLE child_agencies (
  partnership_id text NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  child_id uuid NOT NULL,
  agency_id text NOT NULL,
  worker_name text,
  worker_contact text,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  PRIMARY KEY (partnership_id, id),
  FOREIGN KEY (partnership_id, child_id) REFERENCES children (partnership_id, id),
  FOREIGN KEY (partnership_id, agency_id) REFERENCES agencies (partnership_id, id)
);
CREATE INDEX child_agencies_child ON child_agencies (partnership_id, child_id);

-- The child's timeline: one row per thing that happened, newest first; later features add kinds.
CREATE TABLE timeline_events (
  partnership_id text NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  child_id uuid NOT NULL,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  kind text NOT NULL,
  summary text NOT NULL,
  link text,
  actor_user_id uuid,
  PRIMARY KEY (partnership_id, id),
  FOREIGN KEY (partnership_id, child_id) REFERENCES children (partnership_id, id)
);
CREATE INDEX timeline_events_child ON timeline_events (partnership_id, child_id, occurred_at DESC);

-- Append-only: the application role may insert and read, never change or remove (see migrate.ts),
-- and a trigger refuses updates and deletes from anyone.
CREATE TABLE audit_events (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  partnership_id text,
  actor_user_id uuid,
  actor_roles text,
  actor_agency_id text,
  action text NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('allowed', 'denied', 'failed')),
  subject_type text,
  subject_id text,
  child_id uuid,
  ip text,
  details jsonb
);
CREATE INDEX audit_events_child ON audit_events (partnership_id, child_id, at DESC) WHERE child_id IS NOT NULL;
CREATE INDEX audit_events_actor ON audit_events (partnership_id, actor_user_id, at DESC);

CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only';
END $$;
CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();

-- A save refused because someone else saved first: the refused version is kept here, not lost.
CREATE TABLE edit_conflicts (
  partnership_id text NOT NULL REFERENCES partnerships(id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  record_type text NOT NULL,
  record_id uuid NOT NULL,
  user_id uuid NOT NULL,
  read_version integer NOT NULL,
  submitted jsonb NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (partnership_id, id)
);
