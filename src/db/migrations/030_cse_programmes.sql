-- Issue 15 item 22 (DOMAIN §3.4, source 001): the CSE service offer. An accepted CE referral (the triage decision that
-- routes the child to the CE team) opens an 8-week programme of direct work, extendable once by 4 weeks, with its
-- sessions; its end and outcome go on the child's timeline.
CREATE TABLE cse_programmes (
  partnership_id text NOT NULL REFERENCES partnerships(id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  child_id uuid NOT NULL,
  -- The triage item whose decision opened it (none when opened by hand).
  triage_item_id uuid,
  started_on date NOT NULL,
  extended_at timestamptz,
  extension_reason text CHECK (extension_reason IN ('rapport', 'additional-needs')),
  extension_notes text,
  ended_on date,
  outcome text CHECK (outcome IN ('completed', 'disengaged', 'moved', 'escalated', 'other')),
  outcome_notes text,
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (partnership_id, id),
  UNIQUE (id),
  FOREIGN KEY (partnership_id, child_id) REFERENCES children (partnership_id, id),
  FOREIGN KEY (partnership_id, created_by) REFERENCES users (partnership_id, id),
  CHECK ((extended_at IS NULL) = (extension_reason IS NULL)),
  CHECK ((ended_on IS NULL) = (outcome IS NULL)),
  CHECK (ended_on IS NULL OR ended_on >= started_on)
);
-- One running programme per child.
CREATE UNIQUE INDEX cse_programmes_open ON cse_programmes (partnership_id, child_id) WHERE ended_on IS NULL;

CREATE TABLE cse_sessions (
  partnership_id text NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  programme_id uuid NOT NULL,
  held_on date NOT NULL,
  topics text[] NOT NULL DEFAULT '{}',
  with_parents boolean NOT NULL DEFAULT false,
  notes text NOT NULL CHECK (length(btrim(notes)) > 0),
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (partnership_id, id),
  FOREIGN KEY (partnership_id, programme_id) REFERENCES cse_programmes (partnership_id, id),
  FOREIGN KEY (partnership_id, created_by) REFERENCES users (partnership_id, id)
);
CREATE INDEX cse_sessions_programme ON cse_sessions (partnership_id, programme_id, held_on);
