-- The agenda and the meeting itself (DOMAIN §5, §6): invitations answered, the agenda's items and
-- running order, attendance with each attendee's confidentiality acceptance, what each agency shared
-- per item, the risk decision, audio recordings (LLR) and the minutes.

-- One answer per member per occurrence: accept, or decline naming a deputy (DOMAIN §6).
CREATE TABLE meeting_invitation_responses (
  partnership_id text NOT NULL REFERENCES partnerships(id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  occurrence_id uuid NOT NULL,
  member_id uuid NOT NULL,
  response text NOT NULL CHECK (response IN ('accepted', 'declined')),
  deputy_name text,
  deputy_email text,
  responded_by uuid,
  responded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (partnership_id, id),
  UNIQUE (partnership_id, occurrence_id, member_id),
  FOREIGN KEY (partnership_id, occurrence_id) REFERENCES meeting_occurrences (partnership_id, id),
  FOREIGN KEY (partnership_id, member_id) REFERENCES meeting_members (partnership_id, id),
  FOREIGN KEY (partnership_id, responded_by) REFERENCES users (partnership_id, id),
  CHECK (response = 'declined' OR (deputy_name IS NULL AND deputy_email IS NULL))
);

-- The agenda of one occurrence: draft until published (then sent to members); versioned.
CREATE TABLE agendas (
  partnership_id text NOT NULL REFERENCES partnerships(id),
  occurrence_id uuid NOT NULL,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
  published_at timestamptz,
  published_by uuid,
  -- The meeting's progress: opened by the chair, closed when the last item is done.
  opened_at timestamptz,
  opened_by uuid,
  closed_at timestamptz,
  closed_by uuid,
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (partnership_id, occurrence_id),
  FOREIGN KEY (partnership_id, occurrence_id) REFERENCES meeting_occurrences (partnership_id, id),
  FOREIGN KEY (partnership_id, published_by) REFERENCES users (partnership_id, id),
  FOREIGN KEY (partnership_id, opened_by) REFERENCES users (partnership_id, id),
  FOREIGN KEY (partnership_id, closed_by) REFERENCES users (partnership_id, id),
  CHECK ((status = 'published') = (published_at IS NOT NULL))
);

-- An item: one child, a group of linked children in one slot, or a location with no child.
CREATE TABLE agenda_items (
  partnership_id text NOT NULL REFERENCES partnerships(id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  occurrence_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('child', 'group', 'location')),
  -- Initial discussion or review: the slot length follows from it and the partnership's rules.
  discussion text NOT NULL DEFAULT 'initial' CHECK (discussion IN ('initial', 'review')),
  title text,
  location_text text,
  position integer NOT NULL CHECK (position >= 0),
  slot_minutes integer NOT NULL CHECK (slot_minutes > 0 AND slot_minutes <= 600),
  referral_id uuid,
  status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'in-discussion', 'discussed', 'deferred')),
  -- What the meeting decided (DOMAIN §5, §6): the instrument, the risk level, the decisions and why.
  risk_instrument text CHECK (risk_instrument IN ('rfm', 'vat', 'thrive')),
  risk_level text CHECK (risk_level IN ('low', 'medium', 'high', 'none')),
  risk_assessment_id uuid,
  decisions text,
  rationale text,
  next_review_on date,
  decided_by uuid,
  decided_at timestamptz,
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (partnership_id, id),
  UNIQUE (id),
  FOREIGN KEY (partnership_id, occurrence_id) REFERENCES meeting_occurrences (partnership_id, id),
  FOREIGN KEY (partnership_id, referral_id) REFERENCES panel_referrals (partnership_id, id),
  FOREIGN KEY (partnership_id, risk_assessment_id) REFERENCES assessments (partnership_id, id),
  FOREIGN KEY (partnership_id, decided_by) REFERENCES users (partnership_id, id),
  FOREIGN KEY (partnership_id, created_by) REFERENCES users (partnership_id, id),
  CHECK (kind <> 'location' OR length(btrim(coalesce(location_text, title, ''))) > 0)
);
CREATE INDEX agenda_items_occurrence ON agenda_items (partnership_id, occurrence_id, position);

-- The children of a child or group item (none for a location item).
CREATE TABLE agenda_item_children (
  partnership_id text NOT NULL,
  item_id uuid NOT NULL,
  child_id uuid NOT NULL,
  PRIMARY KEY (partnership_id, item_id, child_id),
  FOREIGN KEY (partnership_id, item_id) REFERENCES agenda_items (partnership_id, id) ON DELETE CASCADE,
  FOREIGN KEY (partnership_id, child_id) REFERENCES children (partnership_id, id)
);
CREATE INDEX agenda_item_children_child ON agenda_item_children (partnership_id, child_id);

-- Who attended, and their acceptance of this meeting's confidentiality agreement (text and version kept).
CREATE TABLE meeting_attendance (
  partnership_id text NOT NULL REFERENCES partnerships(id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  occurrence_id uuid NOT NULL,
  user_id uuid,
  name text NOT NULL,
  agency_id text,
  role_in_meeting text NOT NULL DEFAULT 'member' CHECK (role_in_meeting IN ('chair', 'member', 'deputy', 'guest', 'minute-taker')),
  deputy_for_member_id uuid,
  arrived_at timestamptz NOT NULL DEFAULT now(),
  left_at timestamptz,
  agreement_version text,
  agreement_text text,
  agreement_accepted_at timestamptz,
  recorded_by uuid NOT NULL,
  PRIMARY KEY (partnership_id, id),
  FOREIGN KEY (partnership_id, occurrence_id) REFERENCES meeting_occurrences (partnership_id, id),
  FOREIGN KEY (partnership_id, user_id) REFERENCES users (partnership_id, id),
  FOREIGN KEY (partnership_id, agency_id) REFERENCES agencies (partnership_id, id),
  FOREIGN KEY (partnership_id, deputy_for_member_id) REFERENCES meeting_members (partnership_id, id),
  FOREIGN KEY (partnership_id, recorded_by) REFERENCES users (partnership_id, id),
  CHECK ((agreement_accepted_at IS NULL) = (agreement_version IS NULL)),
  CHECK (agreement_accepted_at IS NULL OR length(btrim(coalesce(agreement_text, ''))) > 0)
);
CREATE UNIQUE INDEX meeting_attendance_user ON meeting_attendance (partnership_id, occurrence_id, user_id) WHERE user_id IS NOT NULL;

-- What each agency shared about an item in the meeting.
CREATE TABLE agenda_item_contributions (
  partnership_id text NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  item_id uuid NOT NULL,
  agency_id text NOT NULL,
  body text NOT NULL CHECK (length(btrim(body)) > 0),
  recorded_by uuid NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (partnership_id, id),
  FOREIGN KEY (partnership_id, item_id) REFERENCES agenda_items (partnership_id, id),
  FOREIGN KEY (partnership_id, agency_id) REFERENCES agencies (partnership_id, id),
  FOREIGN KEY (partnership_id, recorded_by) REFERENCES users (partnership_id, id)
);
CREATE INDEX agenda_item_contributions_item ON agenda_item_contributions (partnership_id, item_id);

-- LLR: the audio of the discussion of a child, kept as a confidential file in the database
-- (never under a public path; the name the user gave is not used to store it).
CREATE TABLE meeting_recordings (
  partnership_id text NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  item_id uuid NOT NULL,
  child_id uuid,
  content_type text NOT NULL CHECK (content_type LIKE 'audio/%'),
  size_bytes integer NOT NULL CHECK (size_bytes > 0),
  sha256 text NOT NULL,
  data bytea NOT NULL,
  uploaded_by uuid NOT NULL,
  uploaded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (partnership_id, id),
  FOREIGN KEY (partnership_id, item_id) REFERENCES agenda_items (partnership_id, id),
  FOREIGN KEY (partnership_id, child_id) REFERENCES children (partnership_id, id),
  FOREIGN KEY (partnership_id, uploaded_by) REFERENCES users (partnership_id, id)
);

-- The minutes (record of engagement): generated from what was recorded, edited and approved by the chair, sent.
CREATE TABLE meeting_minutes (
  partnership_id text NOT NULL REFERENCES partnerships(id),
  occurrence_id uuid NOT NULL,
  body text NOT NULL,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'approved', 'sent')),
  generated_at timestamptz NOT NULL DEFAULT now(),
  approved_by uuid,
  approved_at timestamptz,
  sent_at timestamptz,
  updated_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (partnership_id, occurrence_id),
  FOREIGN KEY (partnership_id, occurrence_id) REFERENCES meeting_occurrences (partnership_id, id),
  FOREIGN KEY (partnership_id, approved_by) REFERENCES users (partnership_id, id),
  FOREIGN KEY (partnership_id, updated_by) REFERENCES users (partnership_id, id)
);

-- Actions agreed under an agenda item.
ALTER TABLE actions ADD COLUMN agenda_item_id uuid;
ALTER TABLE actions ADD FOREIGN KEY (partnership_id, agenda_item_id) REFERENCES agenda_items (partnership_id, id);
