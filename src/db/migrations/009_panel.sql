-- Before the meeting (DOMAIN §6): referral to a district panel, pre-MACE lateral checks, file check,
-- the lead professional's checklist and the thresholding decision (one of four agenda categories).

CREATE TABLE panel_referrals (
  partnership_id text NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  child_id uuid NOT NULL,
  district_id text,
  -- The district panel series the child is proposed for; no foreign key yet (meetings are being built).
  series_id uuid,
  source text NOT NULL CHECK (source IN ('triage', 'assessment', 'manual')),
  source_id uuid,
  -- The judged risk when referred, and why a coordinator referred a child who was not medium or high.
  risk_level text,
  override_reason text,
  lead_professional_name text NOT NULL,
  lead_professional_agency_id text NOT NULL,
  lead_professional_contact text,
  status text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'thresholded', 'closed')),
  category smallint CHECK (category BETWEEN 1 AND 4),
  rationale text,
  removal_reason text CHECK (removal_reason IN ('risk-reduced', 'moved-away', 'low-risk')),
  -- Category 4, moved away: the transfer of information to the host authority.
  transfer_host_authority text,
  transfer_concerns_continue boolean,
  transfer_request_inclusion boolean,
  thresholded_by uuid,
  thresholded_at timestamptz,
  file_check_note text,
  file_check_by uuid,
  file_check_at timestamptz,
  checklist_done text[] NOT NULL DEFAULT '{}',
  checklist_by uuid,
  checklist_at timestamptz,
  referred_by uuid NOT NULL,
  referred_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (partnership_id, id),
  UNIQUE (id),
  FOREIGN KEY (partnership_id, child_id) REFERENCES children (partnership_id, id),
  FOREIGN KEY (partnership_id, district_id) REFERENCES districts (partnership_id, id),
  FOREIGN KEY (partnership_id, lead_professional_agency_id) REFERENCES agencies (partnership_id, id),
  CHECK ((status = 'proposed') = (category IS NULL)),
  CHECK (removal_reason IS NULL OR category = 4),
  CHECK (transfer_host_authority IS NULL OR removal_reason = 'moved-away')
);
-- A child has at most one open referral.
CREATE UNIQUE INDEX panel_referrals_open ON panel_referrals (partnership_id, child_id) WHERE status <> 'closed';

CREATE TABLE lateral_checks (
  partnership_id text NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  referral_id uuid NOT NULL,
  child_id uuid NOT NULL,
  agency_id text NOT NULL,
  status text NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'answered')),
  response_kind text CHECK (response_kind IN ('shared', 'nothing-known')),
  response_text text,
  requested_at timestamptz NOT NULL DEFAULT now(),
  answered_by uuid,
  answered_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (partnership_id, id),
  UNIQUE (id),
  UNIQUE (partnership_id, referral_id, agency_id),
  FOREIGN KEY (partnership_id, referral_id) REFERENCES panel_referrals (partnership_id, id),
  FOREIGN KEY (partnership_id, child_id) REFERENCES children (partnership_id, id),
  FOREIGN KEY (partnership_id, agency_id) REFERENCES agencies (partnership_id, id),
  CHECK ((status = 'requested') = (response_kind IS NULL)),
  CHECK (response_kind <> 'shared' OR length(trim(response_text)) > 0)
);
CREATE INDEX lateral_checks_waiting ON lateral_checks (partnership_id, agency_id, status, requested_at);
CREATE INDEX lateral_checks_referral ON lateral_checks (partnership_id, referral_id);
