-- SMART actions (DOMAIN §4 Appendix 1 toolkit, §5 SMART actions, §6 outputs) and their dated updates.
-- meeting_series_id, meeting_occurrence_id and carried_forward_to_occurrence_id have no foreign keys
-- yet: the meetings tables were being written at the same time. TODO: add
-- FOREIGN KEY (partnership_id, meeting_occurrence_id) REFERENCES meeting_occurrences (partnership_id, id)
-- (and the same for the series and carry-forward columns) in a later migration.

CREATE TABLE actions (
  partnership_id text NOT NULL REFERENCES partnerships(id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  -- NULL for an action about a location or a network rather than one child.
  child_id uuid,
  meeting_series_id uuid,
  meeting_occurrence_id uuid,
  carried_forward_to_occurrence_id uuid,
  what text NOT NULL CHECK (length(btrim(what)) > 0),
  kind text NOT NULL CHECK (kind IN ('disruption', 'support-child', 'support-family', 'other')),
  toolkit_item text,
  owner_user_id uuid,
  owner_team text,
  owner_agency_id text NOT NULL,
  measure text NOT NULL CHECK (length(btrim(measure)) > 0),
  agreed_by text NOT NULL CHECK (length(btrim(agreed_by)) > 0),
  due_on date NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in-progress', 'done', 'cancelled')),
  completion_evidence text,
  completed_at timestamptz,
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (partnership_id, id),
  UNIQUE (id),
  FOREIGN KEY (partnership_id, child_id) REFERENCES children (partnership_id, id),
  FOREIGN KEY (partnership_id, owner_user_id) REFERENCES users (partnership_id, id),
  FOREIGN KEY (partnership_id, owner_agency_id) REFERENCES agencies (partnership_id, id),
  FOREIGN KEY (partnership_id, created_by) REFERENCES users (partnership_id, id),
  CHECK (owner_user_id IS NOT NULL OR length(btrim(coalesce(owner_team, ''))) > 0),
  CHECK (status <> 'done' OR length(btrim(coalesce(completion_evidence, ''))) > 0)
);
CREATE INDEX actions_child ON actions (partnership_id, child_id) WHERE child_id IS NOT NULL;
CREATE INDEX actions_owner ON actions (partnership_id, owner_user_id, due_on) WHERE status IN ('open', 'in-progress');
CREATE INDEX actions_agency ON actions (partnership_id, owner_agency_id, due_on);
CREATE INDEX actions_series ON actions (partnership_id, meeting_series_id) WHERE meeting_series_id IS NOT NULL;

CREATE TABLE action_updates (
  partnership_id text NOT NULL REFERENCES partnerships(id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  action_id uuid NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  author_user_id uuid NOT NULL,
  body text NOT NULL CHECK (length(btrim(body)) > 0),
  status_from text,
  status_to text,
  PRIMARY KEY (partnership_id, id),
  FOREIGN KEY (partnership_id, action_id) REFERENCES actions (partnership_id, id),
  FOREIGN KEY (partnership_id, author_user_id) REFERENCES users (partnership_id, id)
);
CREATE INDEX action_updates_action ON action_updates (partnership_id, action_id, at);
