-- Intelligence (DOMAIN §3.2, §5, §6): persons of concern, locations, vehicles, phones, online accounts
-- and organisations, the links between them and children, and what happened to a child (missing
-- episodes, significant events, trafficking and NRM, investigations). Every record carries its source,
-- its date and how reliable it is: it is information from a source, not fact.

CREATE TABLE intel_records (
  partnership_id text NOT NULL REFERENCES partnerships(id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('person', 'location', 'vehicle', 'phone', 'online-account', 'organisation')),
  -- What the record is called on screen (a name, an address, a plate, a number, platform and handle).
  label text NOT NULL CHECK (length(btrim(label)) > 0),
  -- Exact-match key after normalisation: UK plate without spaces, E.164 number, platform:handle,
  -- postcode for a location; NULL when stored unverified or when the kind has none (persons match fuzzily).
  match_key text,
  verified boolean NOT NULL DEFAULT true,
  -- Kind-specific fields (person: names, nicknames, date of birth, addresses, features, role;
  -- location: address, postcode, latitude, longitude, location kind; vehicle: make, model, colour; ...).
  attributes jsonb NOT NULL DEFAULT '{}',
  district_id text,
  source text NOT NULL CHECK (length(btrim(source)) > 0),
  source_agency_id text,
  information_date date NOT NULL,
  reliability text NOT NULL CHECK (reliability IN ('reliable', 'usually-reliable', 'unreliable', 'untested')),
  search_text text NOT NULL DEFAULT '',
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (partnership_id, id),
  UNIQUE (id),
  FOREIGN KEY (partnership_id, district_id) REFERENCES districts (partnership_id, id),
  FOREIGN KEY (partnership_id, source_agency_id) REFERENCES agencies (partnership_id, id),
  FOREIGN KEY (partnership_id, created_by) REFERENCES users (partnership_id, id)
);
-- Adding never makes a duplicate: one verified record per plate, number, handle (and postcode+address for locations is the service's rule).
CREATE UNIQUE INDEX intel_records_match ON intel_records (partnership_id, kind, match_key)
  WHERE match_key IS NOT NULL AND kind IN ('vehicle', 'phone', 'online-account');
CREATE INDEX intel_records_kind ON intel_records (partnership_id, kind, district_id);
CREATE INDEX intel_records_search_trgm ON intel_records USING gist (search_text gist_trgm_ops);

-- A link between two of: a child, a record. Exactly one of each end's two columns is set.
CREATE TABLE intel_links (
  partnership_id text NOT NULL REFERENCES partnerships(id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  a_child_id uuid,
  a_record_id uuid,
  b_child_id uuid,
  b_record_id uuid,
  -- friend, relative, rival, associate, suspected-exploiter, frequents, found-at, uses, registered-to, works-at, lives-at, ...
  relation text NOT NULL CHECK (relation ~ '^[a-z-]+$'),
  first_seen_on date,
  last_seen_on date,
  source text NOT NULL CHECK (length(btrim(source)) > 0),
  source_agency_id text,
  reliability text NOT NULL CHECK (reliability IN ('reliable', 'usually-reliable', 'unreliable', 'untested')),
  notes text,
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (partnership_id, id),
  UNIQUE (id),
  FOREIGN KEY (partnership_id, a_child_id) REFERENCES children (partnership_id, id),
  FOREIGN KEY (partnership_id, a_record_id) REFERENCES intel_records (partnership_id, id),
  FOREIGN KEY (partnership_id, b_child_id) REFERENCES children (partnership_id, id),
  FOREIGN KEY (partnership_id, b_record_id) REFERENCES intel_records (partnership_id, id),
  FOREIGN KEY (partnership_id, source_agency_id) REFERENCES agencies (partnership_id, id),
  FOREIGN KEY (partnership_id, created_by) REFERENCES users (partnership_id, id),
  CHECK ((a_child_id IS NULL) <> (a_record_id IS NULL)),
  CHECK ((b_child_id IS NULL) <> (b_record_id IS NULL)),
  CHECK (coalesce(a_child_id, a_record_id) <> coalesce(b_child_id, b_record_id)),
  CHECK (last_seen_on IS NULL OR first_seen_on IS NULL OR last_seen_on >= first_seen_on)
);
-- Graph walks go from either end.
CREATE INDEX intel_links_a ON intel_links (partnership_id, (coalesce(a_child_id, a_record_id)));
CREATE INDEX intel_links_b ON intel_links (partnership_id, (coalesce(b_child_id, b_record_id)));
-- The same two ends and relation once only, whichever way round.
CREATE UNIQUE INDEX intel_links_once ON intel_links (
  partnership_id,
  least(coalesce(a_child_id, a_record_id), coalesce(b_child_id, b_record_id)),
  greatest(coalesce(a_child_id, a_record_id), coalesce(b_child_id, b_record_id)),
  relation
);

-- Missing episodes, extended (DOMAIN §3.2): times, where found, with whom, who reported, the return interview.
ALTER TABLE missing_episodes
  ADD COLUMN started_at timestamptz,
  ADD COLUMN ended_at timestamptz,
  ADD COLUMN found_location_record_id uuid,
  ADD COLUMN found_at_text text,
  ADD COLUMN with_whom text,
  ADD COLUMN reported_by text,
  ADD COLUMN return_interview text CHECK (return_interview IN ('not-offered', 'offered', 'completed', 'declined')),
  ADD COLUMN return_interview_on date,
  ADD COLUMN exploitation_concern boolean NOT NULL DEFAULT false,
  ADD COLUMN version integer NOT NULL DEFAULT 1,
  ADD FOREIGN KEY (partnership_id, found_location_record_id) REFERENCES intel_records (partnership_id, id),
  ADD CHECK (ended_at IS NULL OR started_at IS NULL OR ended_at >= started_at);

-- Significant events with date and time.
CREATE TABLE child_events (
  partnership_id text NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  child_id uuid NOT NULL,
  occurred_at timestamptz NOT NULL,
  kind text NOT NULL,
  summary text NOT NULL CHECK (length(btrim(summary)) > 0),
  location_record_id uuid,
  source text NOT NULL CHECK (length(btrim(source)) > 0),
  source_agency_id text,
  reliability text NOT NULL CHECK (reliability IN ('reliable', 'usually-reliable', 'unreliable', 'untested')),
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (partnership_id, id),
  FOREIGN KEY (partnership_id, child_id) REFERENCES children (partnership_id, id),
  FOREIGN KEY (partnership_id, location_record_id) REFERENCES intel_records (partnership_id, id),
  FOREIGN KEY (partnership_id, source_agency_id) REFERENCES agencies (partnership_id, id),
  FOREIGN KEY (partnership_id, created_by) REFERENCES users (partnership_id, id)
);
CREATE INDEX child_events_child ON child_events (partnership_id, child_id, occurred_at DESC);
CREATE INDEX child_events_at ON child_events (partnership_id, occurred_at);

-- Trafficking concerns and the National Referral Mechanism.
CREATE TABLE trafficking_concerns (
  partnership_id text NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  child_id uuid NOT NULL,
  concern text NOT NULL CHECK (length(btrim(concern)) > 0),
  nrm_status text NOT NULL CHECK (nrm_status IN ('not-referred', 'referred', 'reasonable-grounds-positive', 'reasonable-grounds-negative', 'conclusive-grounds-positive', 'conclusive-grounds-negative')),
  nrm_referred_on date,
  nrm_decision_on date,
  recorded_on date NOT NULL,
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (partnership_id, id),
  FOREIGN KEY (partnership_id, child_id) REFERENCES children (partnership_id, id),
  FOREIGN KEY (partnership_id, created_by) REFERENCES users (partnership_id, id)
);
CREATE INDEX trafficking_concerns_child ON trafficking_concerns (partnership_id, child_id);

-- Investigations: child protection (s47) and criminal, with outcomes (e.g. NFA) and disclosures.
CREATE TABLE investigations (
  partnership_id text NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  child_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('s47', 'criminal')),
  reference text,
  agency_id text,
  started_on date NOT NULL,
  outcome text CHECK (outcome IN ('ongoing', 'nfa', 'charged', 'convicted', 'cautioned', 'community-resolution', 'child-protection-plan', 'other')),
  outcome_on date,
  disclosure text,
  notes text,
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (partnership_id, id),
  FOREIGN KEY (partnership_id, child_id) REFERENCES children (partnership_id, id),
  FOREIGN KEY (partnership_id, agency_id) REFERENCES agencies (partnership_id, id),
  FOREIGN KEY (partnership_id, created_by) REFERENCES users (partnership_id, id),
  CHECK (outcome_on IS NULL OR outcome_on >= started_on)
);
CREATE INDEX investigations_child ON investigations (partnership_id, child_id);
