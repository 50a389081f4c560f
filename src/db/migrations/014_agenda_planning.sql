-- Planning the agenda (DOMAIN §4, §6): when the agenda last changed (so that a change after publishing
-- is shown and can be sent again), who changed an item, and an item's fixed start time when it must
-- start at a given time (a lead professional available only then); running order otherwise.

ALTER TABLE agendas ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE agendas ADD COLUMN changed_at timestamptz;
ALTER TABLE agendas ADD COLUMN changed_by uuid;
ALTER TABLE agendas ADD FOREIGN KEY (partnership_id, changed_by) REFERENCES users (partnership_id, id);

-- Local time of day (Europe/London) on the meeting's date, like meeting_series.start_time.
ALTER TABLE agenda_items ADD COLUMN fixed_start text CHECK (fixed_start ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$');
ALTER TABLE agenda_items ADD COLUMN updated_by uuid;
ALTER TABLE agenda_items ADD COLUMN updated_at timestamptz;
ALTER TABLE agenda_items ADD FOREIGN KEY (partnership_id, updated_by) REFERENCES users (partnership_id, id);

