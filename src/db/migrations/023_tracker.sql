-- Issue 14, the national tracker's app side (features/tracker).
-- The app's queue of what its partnerships still have to tell the tracker (src/tracker/outbox.sql): one row per child;
-- a later change replaces an earlier one not yet sent, so the tracker always gets the latest. Saving a child never
-- waits for the tracker.
CREATE SEQUENCE tracker_outbox_seq;
CREATE TABLE tracker_outbox (
  partnership_id text NOT NULL,
  ref text NOT NULL,
  op text NOT NULL CHECK (op IN ('submit', 'withdraw')),
  encoding jsonb,
  seq bigint NOT NULL DEFAULT nextval('tracker_outbox_seq'),
  queued_at timestamptz NOT NULL DEFAULT now(),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error text,
  failed boolean NOT NULL DEFAULT false,
  PRIMARY KEY (partnership_id, ref),
  CHECK ((op = 'submit') = (encoding IS NOT NULL))
);
CREATE INDEX tracker_outbox_due ON tracker_outbox (next_attempt_at) WHERE NOT failed;

-- What a partnership knows of its own open tracker alerts, as last fetched from the tracker (the job and the Tracker
-- page refresh it): which of its children, the other partnership, the strength, this side's decision, and whether both
-- sides have confirmed (then the child's identity bar says "Also known to"). A new alert is told once (notified_at).
-- Nothing of the other record is ever stored here.
CREATE TABLE child_tracker_alerts (
  partnership_id text NOT NULL REFERENCES partnerships (id),
  alert_id text NOT NULL,
  child_id uuid NOT NULL,
  other_partnership text NOT NULL,
  -- the other partnership's name as this deployment knows it (its id when it is not one of this deployment's)
  other_name text NOT NULL,
  level text NOT NULL CHECK (level IN ('strong', 'possible')),
  probability double precision NOT NULL,
  fields jsonb NOT NULL,
  state text NOT NULL CHECK (state IN ('raised', 'confirmed', 'rejected')),
  mutual boolean NOT NULL DEFAULT false,
  raised_at timestamptz NOT NULL,
  first_seen_at timestamptz NOT NULL DEFAULT now(),
  notified_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (partnership_id, alert_id),
  FOREIGN KEY (partnership_id, child_id) REFERENCES children (partnership_id, id) ON DELETE CASCADE
);
CREATE INDEX child_tracker_alerts_child ON child_tracker_alerts (partnership_id, child_id) WHERE mutual;
