-- The app's queue of what its partnerships still have to tell the tracker (an app migration: copy it into
-- src/db/migrations as the next number when the app side is wired). One row per child: a later change replaces an
-- earlier one not yet sent, so the tracker always gets the latest. Saving a child never waits for the tracker.
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
