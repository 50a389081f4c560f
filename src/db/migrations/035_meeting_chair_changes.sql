-- Issue 15, item 20 (DOMAIN §4, §5, §6; 002 §2.2: the chair's deputy chairs in their absence): a one-off change of who
-- chairs or deputises for one meeting, with the reason; the series' rota is unchanged. A null chair or deputy keeps the
-- rota's. Versioned: a stale save is refused and kept in edit_conflicts (record_type 'meeting_chair_change').
CREATE TABLE meeting_chair_changes (
  partnership_id text NOT NULL REFERENCES partnerships(id),
  occurrence_id uuid NOT NULL,
  chair_user_id uuid,
  deputy_user_id uuid,
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000),
  version integer NOT NULL DEFAULT 1,
  updated_by uuid NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (partnership_id, occurrence_id),
  FOREIGN KEY (partnership_id, occurrence_id) REFERENCES meeting_occurrences (partnership_id, id),
  FOREIGN KEY (partnership_id, chair_user_id) REFERENCES users (partnership_id, id),
  FOREIGN KEY (partnership_id, deputy_user_id) REFERENCES users (partnership_id, id),
  FOREIGN KEY (partnership_id, updated_by) REFERENCES users (partnership_id, id),
  CHECK (chair_user_id IS NOT NULL OR deputy_user_id IS NOT NULL),
  CHECK (deputy_user_id IS NULL OR chair_user_id IS NULL OR deputy_user_id <> chair_user_id)
);
