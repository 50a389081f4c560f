-- Issue 15 item 21 (003: "reviewing locations, good practice and analysing any gaps in service or training"; DOMAIN §6
-- Accountability): what the coordinator writes for a bi-monthly report's period, for one district panel or the whole county
-- (district_id NULL). One row per report, period and district, versioned: a stale save is refused and kept in edit_conflicts.
CREATE TABLE report_commentaries (
  partnership_id text NOT NULL REFERENCES partnerships(id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  report_kind text NOT NULL,
  period_from date NOT NULL,
  period_to date NOT NULL,
  district_id text,
  good_practice text NOT NULL DEFAULT '' CHECK (length(good_practice) <= 10000),
  gaps text NOT NULL DEFAULT '' CHECK (length(gaps) <= 10000),
  version integer NOT NULL DEFAULT 1,
  updated_by uuid NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (partnership_id, id),
  CHECK (period_to >= period_from),
  FOREIGN KEY (partnership_id, district_id) REFERENCES districts (partnership_id, id),
  FOREIGN KEY (partnership_id, updated_by) REFERENCES users (partnership_id, id)
);
-- A county-wide report (no district) is one report too: NULLS NOT DISTINCT (PostgreSQL 15).
CREATE UNIQUE INDEX report_commentaries_report ON report_commentaries (partnership_id, report_kind, period_from, period_to, district_id) NULLS NOT DISTINCT;
