-- The national tracker's own tables (tracker_ prefix, its own migration table: it may share a database with the app).
-- It holds keyed encodings under opaque references, never a name or any field in clear.

-- One encoding per child per partnership; version counts changes, fingerprint is the sha256 of the encoding.
CREATE TABLE tracker_encodings (
  partnership_id text NOT NULL,
  ref text NOT NULL,
  encoding jsonb NOT NULL,
  fingerprint text NOT NULL,
  version integer NOT NULL DEFAULT 1,
  submitted_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (partnership_id, ref)
);

-- A candidate pair across partnerships, sides ordered (a < b by partnership then ref).
-- state: open (raised; neither or one side confirmed), confirmed (both sides), rejected (by either side), withdrawn.
CREATE TABLE tracker_pairs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  a_partnership_id text NOT NULL,
  a_ref text NOT NULL,
  a_fingerprint text NOT NULL,
  b_partnership_id text NOT NULL,
  b_ref text NOT NULL,
  b_fingerprint text NOT NULL,
  probability double precision NOT NULL,
  level text NOT NULL CHECK (level IN ('strong', 'possible')),
  fields jsonb NOT NULL,
  state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'confirmed', 'rejected', 'withdrawn')),
  raised_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz,
  CHECK (a_partnership_id <> b_partnership_id)
);
-- At most one live pair for two records.
CREATE UNIQUE INDEX tracker_pairs_live ON tracker_pairs (a_partnership_id, a_ref, b_partnership_id, b_ref) WHERE state IN ('open', 'confirmed');
CREATE INDEX tracker_pairs_b ON tracker_pairs (b_partnership_id, b_ref) WHERE state IN ('open', 'confirmed');

-- Each side's alert for a pair: what that partnership sees and does.
-- state: raised, confirmed (by this side), rejected (by this side, with a reason), withdrawn.
-- disclosure: this side's contact, risk level and lead agency, encrypted under the partnerships' shared key (the
-- tracker cannot read it); relayed to the other side only once both have confirmed.
CREATE TABLE tracker_alerts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  pair_id uuid NOT NULL REFERENCES tracker_pairs (id),
  partnership_id text NOT NULL,
  ref text NOT NULL,
  other_partnership_id text NOT NULL,
  state text NOT NULL DEFAULT 'raised' CHECK (state IN ('raised', 'confirmed', 'rejected', 'withdrawn')),
  reason text,
  disclosure text,
  raised_at timestamptz NOT NULL DEFAULT now(),
  confirmed_at timestamptz,
  rejected_at timestamptz,
  withdrawn_at timestamptz,
  UNIQUE (pair_id, partnership_id)
);
CREATE INDEX tracker_alerts_partnership ON tracker_alerts (partnership_id, state);

-- A rejected candidate, remembered by both records' fingerprints: not raised again unless either encoding changes.
CREATE TABLE tracker_rejections (
  a_partnership_id text NOT NULL,
  a_ref text NOT NULL,
  a_fingerprint text NOT NULL,
  b_partnership_id text NOT NULL,
  b_ref text NOT NULL,
  b_fingerprint text NOT NULL,
  rejected_by text NOT NULL,
  reason text NOT NULL,
  rejected_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (a_partnership_id, a_ref, a_fingerprint, b_partnership_id, b_ref, b_fingerprint)
);

-- The fitted model (m and u per field and level), refitted on a full re-match. One row.
CREATE TABLE tracker_model (
  id integer PRIMARY KEY CHECK (id = 1),
  model jsonb NOT NULL,
  records integer NOT NULL,
  fitted_at timestamptz NOT NULL DEFAULT now()
);

-- Every step, as a disclosure: who (a partnership, or the tracker itself), what, about which alert and record, when.
CREATE TABLE tracker_audit (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor text NOT NULL,
  action text NOT NULL,
  partnership_id text,
  ref text,
  alert_id uuid,
  other_partnership_id text,
  detail jsonb
);
CREATE INDEX tracker_audit_partnership ON tracker_audit (partnership_id, at);
