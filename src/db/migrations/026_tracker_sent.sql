-- Issue 14, the national tracker (app side).
-- Which children the tracker has been sent (the outbox's drain writes a row when a submit goes, removes it when a
-- withdrawal goes): the nightly job sends every open child with no row here (and none queued) before the re-match.
CREATE TABLE tracker_sent (
  partnership_id text NOT NULL,
  ref text NOT NULL,
  sent_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (partnership_id, ref)
);
