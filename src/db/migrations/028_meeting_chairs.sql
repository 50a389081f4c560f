-- Issue 15, item 20 (DOMAIN §4, §5, §6): a series' chair rota. The partnership's configuration gives the roles
-- (002 §2.2: the Evolve team manager and a detective sergeant alternate; 004: a detective sergeant for the DRMM, a
-- detective inspector and service managers on a rota for the FORM, a DCI co-chaired by heads of service for the
-- Monthly; 003: the District Operational Lead); the series' manager names the users. Turns are taken in order, one per
-- meeting, counted from the meeting at starts_at (a rule instant: original_starts_at of an occurrence).
CREATE TABLE meeting_chair_rotas (
  partnership_id text NOT NULL REFERENCES partnerships(id),
  series_id uuid NOT NULL,
  starts_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1,
  updated_by uuid NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (partnership_id, series_id),
  FOREIGN KEY (partnership_id, series_id) REFERENCES meeting_series (partnership_id, id),
  FOREIGN KEY (partnership_id, updated_by) REFERENCES users (partnership_id, id)
);

CREATE TABLE meeting_chair_turns (
  partnership_id text NOT NULL REFERENCES partnerships(id),
  series_id uuid NOT NULL,
  position integer NOT NULL CHECK (position >= 1),
  role text NOT NULL CHECK (length(role) BETWEEN 1 AND 200),
  chair_user_id uuid NOT NULL,
  deputy_user_id uuid,
  PRIMARY KEY (partnership_id, series_id, position),
  FOREIGN KEY (partnership_id, series_id) REFERENCES meeting_chair_rotas (partnership_id, series_id) ON DELETE CASCADE,
  FOREIGN KEY (partnership_id, chair_user_id) REFERENCES users (partnership_id, id),
  FOREIGN KEY (partnership_id, deputy_user_id) REFERENCES users (partnership_id, id),
  CHECK (deputy_user_id IS NULL OR deputy_user_id <> chair_user_id)
);

-- The chair and the deputy are reminded of each meeting once (the job runner's chair-reminders).
ALTER TABLE reminders_sent DROP CONSTRAINT reminders_sent_kind_check;
ALTER TABLE reminders_sent ADD CONSTRAINT reminders_sent_kind_check
  CHECK (kind IN ('deadline', 'action-due', 'action-overdue', 'review-due', 'review-overdue', 'chair'));
