-- Reports (issue #7): the training needs a panel records, counted in the Staffordshire bi-monthly data report (DOMAIN §6).
CREATE TABLE training_needs (
  partnership_id text NOT NULL REFERENCES partnerships(id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  district_id text,
  agency_id text,
  recorded_on date NOT NULL,
  need text NOT NULL CHECK (length(btrim(need)) > 0 AND length(need) <= 1000),
  recorded_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (partnership_id, id),
  FOREIGN KEY (partnership_id, district_id) REFERENCES districts (partnership_id, id),
  FOREIGN KEY (partnership_id, agency_id) REFERENCES agencies (partnership_id, id),
  FOREIGN KEY (partnership_id, recorded_by) REFERENCES users (partnership_id, id)
);
CREATE INDEX training_needs_on ON training_needs (partnership_id, recorded_on);

-- Reports read assessments, concerns and missing episodes by date across a whole partnership.
CREATE INDEX assessments_completed ON assessments (partnership_id, instrument, completed_on) WHERE status = 'submitted';
CREATE INDEX concerns_created ON concerns (partnership_id, created_at);
CREATE INDEX missing_episodes_on ON missing_episodes (partnership_id, went_missing_on);
