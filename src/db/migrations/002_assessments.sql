-- Assessments: one record for every instrument (RFM, VAT, THRIVE, and tools partnerships add later),
-- with the instrument's own content as JSON. Submitted assessments are never changed: an amendment is
-- a new version in the same series.
CREATE TABLE assessments (
  partnership_id text NOT NULL REFERENCES partnerships(id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  series_id uuid NOT NULL,
  series_version integer NOT NULL DEFAULT 1,
  amends_id uuid,
  child_id uuid NOT NULL,
  instrument text NOT NULL,
  instrument_version text NOT NULL,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted')),
  author_user_id uuid NOT NULL,
  author_agency_id text NOT NULL,
  completed_on date,
  period_start date,
  period_end date,
  scored_result jsonb,
  scored_level text CHECK (scored_level IN ('none', 'low', 'medium', 'high')),
  judged_level text CHECK (judged_level IN ('none', 'low', 'medium', 'high')),
  risk_type text CHECK (risk_type IN ('CSE', 'CCE', 'Dual')),
  primary_risk text CHECK (primary_risk IN ('CSE', 'CCE', 'Other')),
  content jsonb NOT NULL DEFAULT '{}',
  superseded_at timestamptz,
  submitted_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (partnership_id, id),
  UNIQUE (id),
  UNIQUE (partnership_id, series_id, series_version),
  FOREIGN KEY (partnership_id, child_id) REFERENCES children (partnership_id, id),
  CHECK (status = 'draft' OR (completed_on IS NOT NULL AND judged_level IS NOT NULL))
);
CREATE INDEX assessments_child ON assessments (partnership_id, child_id, created_at DESC);

-- RFM Section E: judgement only, at most three per RFM (DOMAIN §3.2).
CREATE TABLE assessment_reviews (
  partnership_id text NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  assessment_id uuid NOT NULL,
  child_id uuid NOT NULL,
  review_number integer NOT NULL CHECK (review_number BETWEEN 1 AND 3),
  reviewed_on date NOT NULL,
  reviewer_user_id uuid NOT NULL,
  risk_level_before text,
  risk_type_before text,
  risk_level text NOT NULL CHECK (risk_level IN ('none', 'low', 'medium', 'high')),
  risk_type text CHECK (risk_type IN ('CSE', 'CCE', 'Dual')),
  content jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (partnership_id, id),
  UNIQUE (partnership_id, assessment_id, review_number),
  FOREIGN KEY (partnership_id, assessment_id) REFERENCES assessments (partnership_id, id),
  FOREIGN KEY (partnership_id, child_id) REFERENCES children (partnership_id, id)
);

-- Missing episodes, kept minimal here; the intelligence issue extends them.
CREATE TABLE missing_episodes (
  partnership_id text NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  child_id uuid NOT NULL,
  went_missing_on date NOT NULL,
  returned_on date,
  notes text,
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (partnership_id, id),
  FOREIGN KEY (partnership_id, child_id) REFERENCES children (partnership_id, id),
  CHECK (returned_on IS NULL OR returned_on >= went_missing_on)
);
CREATE INDEX missing_episodes_child ON missing_episodes (partnership_id, child_id, went_missing_on);

-- What happens after an assessment: each route that applies, why, and what was done (DOMAIN §3.3).
CREATE TABLE pathway_steps (
  partnership_id text NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  child_id uuid NOT NULL,
  assessment_id uuid NOT NULL,
  route_id text NOT NULL,
  title text NOT NULL,
  reason text NOT NULL,
  required boolean NOT NULL DEFAULT false,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'taken', 'not-taken')),
  taken_on date,
  service text,
  note text,
  recorded_by uuid,
  recorded_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (partnership_id, id),
  FOREIGN KEY (partnership_id, assessment_id) REFERENCES assessments (partnership_id, id),
  FOREIGN KEY (partnership_id, child_id) REFERENCES children (partnership_id, id)
);
CREATE INDEX pathway_steps_child ON pathway_steps (partnership_id, child_id) WHERE status = 'open';

-- Referrals (the CE referral form for the CSE service, and others later).
CREATE TABLE referrals (
  partnership_id text NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  child_id uuid NOT NULL,
  kind text NOT NULL,
  assessment_id uuid,
  content jsonb NOT NULL DEFAULT '{}',
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (partnership_id, id),
  FOREIGN KEY (partnership_id, child_id) REFERENCES children (partnership_id, id)
);

-- LLR child concerns (DOMAIN §5 intake).
CREATE TABLE concerns (
  partnership_id text NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  child_id uuid NOT NULL,
  source text NOT NULL CHECK (source IN ('ppn', 'intelligence', 'screening-tool', 'partner-referral')),
  indicators_present boolean NOT NULL,
  risk_changed boolean,
  summary text NOT NULL,
  routed_to text,
  routing_reason text,
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (partnership_id, id),
  FOREIGN KEY (partnership_id, child_id) REFERENCES children (partnership_id, id)
);

-- LLR referrals to the Neighbourhood Policing Area after a medium THRIVE grading (DOMAIN §5).
CREATE TABLE npa_referrals (
  partnership_id text NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  child_id uuid NOT NULL,
  assessment_id uuid NOT NULL,
  district_id text,
  rule_code text NOT NULL,
  rule_text text NOT NULL,
  record_on text,
  summary text,
  status text NOT NULL DEFAULT 'drafted' CHECK (status IN ('drafted', 'sent', 'closed')),
  outcome text CHECK (outcome IN ('work-done', 'work-not-done')),
  outcome_detail text,
  outcome_recorded_by uuid,
  outcome_recorded_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (partnership_id, id),
  FOREIGN KEY (partnership_id, assessment_id) REFERENCES assessments (partnership_id, id),
  FOREIGN KEY (partnership_id, child_id) REFERENCES children (partnership_id, id)
);

-- The coordinator's inbox: new RFMs, referrals and concerns, oldest first.
CREATE TABLE triage_items (
  partnership_id text NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  child_id uuid NOT NULL,
  district_id text,
  kind text NOT NULL CHECK (kind IN ('assessment', 'referral', 'concern')),
  subject_id uuid NOT NULL,
  summary text NOT NULL,
  referrer_user_id uuid,
  status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'in-triage', 'decided')),
  received_at timestamptz NOT NULL DEFAULT now(),
  picked_up_by uuid,
  decided_by uuid,
  decided_at timestamptz,
  routes text[],
  rationale text,
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (partnership_id, id),
  FOREIGN KEY (partnership_id, child_id) REFERENCES children (partnership_id, id)
);
CREATE INDEX triage_items_inbox ON triage_items (partnership_id, status, received_at);

-- Outgoing mail: written in the same transaction as what it reports, sent by a worker, retried.
CREATE TABLE outbox (
  id bigserial PRIMARY KEY,
  partnership_id text NOT NULL REFERENCES partnerships(id),
  to_address text NOT NULL,
  subject text NOT NULL,
  body text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  next_attempt_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE sent_at IS NULL;

-- Rotherham: looked after children placed by another authority; harmful sexual behaviour turns a child away from MACE (DOMAIN §4).
ALTER TABLE children ADD COLUMN placing_authority text;
ALTER TABLE children ADD COLUMN harmful_sexual_behaviour boolean NOT NULL DEFAULT false;
