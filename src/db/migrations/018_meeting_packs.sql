-- Issue #7: the document pack sent to the members of a meeting before its deadline (DOMAIN §5): the DRMM
-- case list by 16:00 the previous working day, the FORM "CE and Missing document" and the Monthly pack on
-- the Monday before. One row per sending: which document, to how many members, by whom and when. The
-- deadline reminder counts a pack sent (or the agenda published) as "gone".
CREATE TABLE meeting_packs_sent (
  partnership_id text NOT NULL REFERENCES partnerships(id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  occurrence_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('case-list', 'form', 'monthly')),
  -- The attached file's name (no child's name in it) and the period of a report pack.
  filename text NOT NULL CHECK (length(btrim(filename)) > 0),
  period_from date,
  period_to date,
  recipients integer NOT NULL CHECK (recipients > 0),
  sent_by uuid NOT NULL,
  sent_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (partnership_id, id),
  FOREIGN KEY (partnership_id, occurrence_id) REFERENCES meeting_occurrences (partnership_id, id),
  FOREIGN KEY (partnership_id, sent_by) REFERENCES users (partnership_id, id),
  CHECK ((period_from IS NULL) = (period_to IS NULL) AND (period_from IS NULL OR period_from <= period_to))
);
CREATE INDEX meeting_packs_sent_occurrence ON meeting_packs_sent (partnership_id, occurrence_id, sent_at DESC);
