-- Issue 17 item 3: the reviews dashboard computed every open child's schedule (src/domain/cadence) on each view, for
-- its counts and its order: over half the load test's CPU. review_due keeps the result, one row per child and kind of
-- item due (review, RFM renewal, CE risk assessment), so a view counts and pages it in SQL. It is a cache only: the
-- domain functions compute it (settleDue in features/reviews/service.ts, written by its repository), nothing else writes it. Whether an item is overdue or
-- due soon depends on the day, so it is worked out from due_on when read, never stored.
--
-- A write that changes a child's schedule (a risk decision, an RFM review, a CE risk assessment, a panel decision, the
-- child's district, closing or reopening it, a district panel added, moved or cancelled) marks the children concerned
-- in review_due_stale in its own transaction; the next read of review_due recomputes them first, in its transaction.
-- review_due_state holds, per partnership, a fingerprint of what the computation depends on besides the rows (the
-- partnership's rules and bank holidays, the code's version): when it is missing (a database migrated to here, a
-- generated bench set) or differs, the next read recomputes the whole partnership. That is the backfill.
CREATE TABLE review_due (
  partnership_id text NOT NULL REFERENCES partnerships(id),
  child_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('review', 'rfm-renewal', 'ce-risk-assessment')),
  due_on date NOT NULL,
  -- Why it falls then (ISO dates in it, formatted when shown).
  basis text NOT NULL,
  owner_user_id uuid,
  -- The child's district when computed (a district change marks the child), for the district filter and the counts.
  district_id text,
  -- The child's current risk (the newest decision), shown beside each item.
  risk_level text,
  risk_type text,
  risk_instrument text,
  risk_on date,
  risk_source text,
  PRIMARY KEY (partnership_id, child_id, kind),
  FOREIGN KEY (partnership_id, child_id) REFERENCES children (partnership_id, id) ON DELETE CASCADE
);
CREATE INDEX review_due_by_date ON review_due (partnership_id, due_on);

CREATE TABLE review_due_stale (
  partnership_id text NOT NULL REFERENCES partnerships(id),
  child_id uuid NOT NULL,
  PRIMARY KEY (partnership_id, child_id),
  FOREIGN KEY (partnership_id, child_id) REFERENCES children (partnership_id, id) ON DELETE CASCADE
);

CREATE TABLE review_due_state (
  partnership_id text PRIMARY KEY REFERENCES partnerships(id),
  fingerprint text NOT NULL,
  computed_at timestamptz NOT NULL DEFAULT now()
);
