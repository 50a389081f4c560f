-- Issue #5: reviews, deadlines and reminders. Background jobs recorded as rows, reminders sent once,
-- attachments on outgoing mail (the meeting invitation's .ics), the Rotherham CE risk assessment's
-- updates (DOMAIN §4), and the foreign keys 008 and 009 left for when the meetings tables existed.

-- One row per job run (deadline, action and review reminders): what ran, when, and how it ended.
CREATE TABLE job_runs (
  id bigserial PRIMARY KEY,
  name text NOT NULL CHECK (length(btrim(name)) > 0),
  scheduled_for timestamptz NOT NULL,
  started_at timestamptz NOT NULL,
  finished_at timestamptz,
  outcome text NOT NULL DEFAULT 'running' CHECK (outcome IN ('running', 'succeeded', 'failed', 'skipped')),
  -- Counts and error names only: never addresses, names or content.
  details jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX job_runs_recent ON job_runs (name, started_at DESC);

-- A reminder is sent once per partnership, kind, subject and due date: the key the runner claims
-- (INSERT … ON CONFLICT DO NOTHING) in the same transaction as the email it queues.
CREATE TABLE reminders_sent (
  partnership_id text NOT NULL REFERENCES partnerships(id),
  kind text NOT NULL CHECK (kind IN ('deadline', 'action-due', 'action-overdue', 'review-due', 'review-overdue')),
  subject_id text NOT NULL,
  due_on date NOT NULL,
  sent_at timestamptz NOT NULL DEFAULT now(),
  -- The user (or inbox) it went to; NULL for a shared inbox.
  recipient_user_id uuid,
  PRIMARY KEY (partnership_id, kind, subject_id, due_on),
  FOREIGN KEY (partnership_id, recipient_user_id) REFERENCES users (partnership_id, id)
);

-- Attachments of a queued email: [{ filename, contentType, content }] (content as text, e.g. a calendar file).
ALTER TABLE outbox ADD COLUMN attachments jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(attachments) = 'array');

-- Rotherham (DOMAIN §4): the CE risk assessment, completed by the attending Evolve social worker within
-- 3 working days of the MACE where the chair completed the VAT, then updated at least every 12 weeks
-- in a multi-agency meeting. The assessment itself lives in social care's own system; MACE records
-- that it was completed or updated, when, and in which meeting.
CREATE TABLE ce_risk_assessment_updates (
  partnership_id text NOT NULL REFERENCES partnerships(id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  child_id uuid NOT NULL,
  completed_on date NOT NULL,
  meeting_kind text NOT NULL CHECK (meeting_kind IN ('mace', 'child-in-need', 'core-group', 'lac-review', 'team-around-the-child')),
  completed_by_agency_id text NOT NULL,
  recorded_by uuid NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (partnership_id, id),
  FOREIGN KEY (partnership_id, child_id) REFERENCES children (partnership_id, id),
  FOREIGN KEY (partnership_id, completed_by_agency_id) REFERENCES agencies (partnership_id, id),
  FOREIGN KEY (partnership_id, recorded_by) REFERENCES users (partnership_id, id)
);
CREATE INDEX ce_risk_assessment_updates_child ON ce_risk_assessment_updates (partnership_id, child_id, completed_on DESC);

-- The foreign keys 008_actions.sql and 009_panel.sql left as TODO.
ALTER TABLE actions
  ADD CONSTRAINT actions_meeting_series_fk FOREIGN KEY (partnership_id, meeting_series_id) REFERENCES meeting_series (partnership_id, id),
  ADD CONSTRAINT actions_meeting_occurrence_fk FOREIGN KEY (partnership_id, meeting_occurrence_id) REFERENCES meeting_occurrences (partnership_id, id),
  ADD CONSTRAINT actions_carried_forward_fk FOREIGN KEY (partnership_id, carried_forward_to_occurrence_id) REFERENCES meeting_occurrences (partnership_id, id);
CREATE INDEX actions_occurrence ON actions (partnership_id, meeting_occurrence_id) WHERE meeting_occurrence_id IS NOT NULL;
ALTER TABLE panel_referrals
  ADD CONSTRAINT panel_referrals_series_fk FOREIGN KEY (partnership_id, series_id) REFERENCES meeting_series (partnership_id, id);

-- The reviews dashboard reads the newest decision per child.
CREATE INDEX assessments_child_submitted ON assessments (partnership_id, child_id, completed_on DESC) WHERE status = 'submitted' AND superseded_at IS NULL;
