-- Issue 17 item 3: a report's figures were computed on every view (26 % of the load test's CPU on the quiet machine,
-- about 118 ms of app and 100 ms of database CPU a view). The figures of a period that has ended change only when a
-- write reaches back into it, so report_cache keeps them once computed (features/reports/cache.ts): one row per
-- partnership, report, period, district and whether the police figures are in, the figures as JSON, with the
-- partnership's generation when they were read and a fingerprint of what they depend on besides the rows (the
-- partnership's configuration, the bank holidays, the code's version). It is a cache only: buildReport computes it.
--
-- Invalidation is by triggers on every table the figures read (features/reports/figures.ts), so no write path can
-- forget it: each written row gives the earliest period end its change can reach (report_cache_touch's d: a backdated
-- event its date, a child's district or type -infinity, a new RFM its child's previous one…). When d is before today
-- (in Europe/London) the partnership's generation goes up and the rows for periods ending on or after d are deleted,
-- in the writing transaction; a row is used only when its generation is the partnership's current one. A write dated
-- today reaches no stored period, so it costs a function call. Only periods that ended before yesterday are stored,
-- so a write whose transaction straddles midnight cannot slip past (it would have to last a whole day).
CREATE TABLE report_cache_state (
  partnership_id text PRIMARY KEY REFERENCES partnerships(id),
  generation bigint NOT NULL DEFAULT 0
);

CREATE TABLE report_cache (
  partnership_id text NOT NULL REFERENCES partnerships(id),
  report_kind text NOT NULL,
  period_from date NOT NULL,
  period_to date NOT NULL,
  -- '' for the whole partnership.
  district_id text NOT NULL,
  police boolean NOT NULL,
  fingerprint text NOT NULL,
  generation bigint NOT NULL,
  body text NOT NULL,
  computed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (partnership_id, report_kind, period_from, period_to, district_id, police)
);

-- A write changed the partnership's rows as of date d (NULL: every date): stored periods ending on or after d go.
CREATE FUNCTION report_cache_touch(p text, d date) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  g bigint;
  seen text := current_setting('mace.report_cache_touched', true);
BEGIN
  IF p IS NULL THEN RETURN; END IF;
  d := coalesce(d, '-infinity'::date);
  IF d >= (clock_timestamp() AT TIME ZONE 'Europe/London')::date THEN RETURN; END IF;
  -- Already done in this transaction for this partnership as far back (bulk writes).
  IF seen IS NOT NULL AND seen <> '' AND split_part(seen, ' ', 1) = p AND split_part(seen, ' ', 2)::date <= d THEN RETURN; END IF;
  INSERT INTO report_cache_state AS s (partnership_id, generation) VALUES (p, 1)
    ON CONFLICT (partnership_id) DO UPDATE SET generation = s.generation + 1
    RETURNING s.generation INTO g;
  DELETE FROM report_cache WHERE partnership_id = p AND period_to >= d;
  -- The periods ending before d are untouched by this write: still valid at the new generation.
  UPDATE report_cache SET generation = g WHERE partnership_id = p AND generation = g - 1;
  PERFORM set_config('mace.report_cache_touched', p || ' ' || d::text, true);
END $$;

CREATE FUNCTION report_cache_local(t timestamptz) RETURNS date LANGUAGE sql STABLE AS $$
  SELECT coalesce((t AT TIME ZONE 'Europe/London')::date, '-infinity'::date)
$$;

-- The start of a meeting occurrence (NULL when gone: every date).
CREATE FUNCTION report_cache_occurrence_on(p text, occurrence uuid) RETURNS date LANGUAGE sql STABLE AS $$
  SELECT report_cache_local(o.starts_at) FROM meeting_occurrences o WHERE o.partnership_id = p AND o.id = occurrence
$$;

-- The date as of which one row (old or new) of a table counts in the figures; 'infinity' when it never does.
CREATE FUNCTION report_cache_row_date(tbl text, r jsonb) RETURNS date LANGUAGE plpgsql STABLE AS $$
DECLARE
  p text := r->>'partnership_id';
  d date;
BEGIN
  CASE tbl
  WHEN 'concerns' THEN
    RETURN report_cache_local((r->>'created_at')::timestamptz);
  WHEN 'child_events' THEN
    -- Only an event's location is read (the locations of the children discussed).
    IF r->>'location_record_id' IS NULL THEN RETURN 'infinity'; END IF;
    RETURN report_cache_local((r->>'occurred_at')::timestamptz);
  WHEN 'missing_episodes' THEN
    -- Where a child was found is read without a date bound on the link side: the episode's start bounds it.
    RETURN least(coalesce((r->>'went_missing_on')::date, '-infinity'), coalesce((r->>'returned_on')::date, 'infinity'));
  WHEN 'training_needs' THEN
    RETURN coalesce((r->>'recorded_on')::date, '-infinity');
  WHEN 'investigations' THEN
    -- Open at a period's end: started by then, its outcome after it.
    RETURN coalesce((r->>'started_on')::date, '-infinity');
  WHEN 'ce_risk_assessment_updates' THEN
    -- Counted as the first assessment after each meeting the child was discussed at since their previous one.
    SELECT max(u.completed_on) INTO d FROM ce_risk_assessment_updates u
     WHERE u.partnership_id = p AND u.child_id = (r->>'child_id')::uuid AND u.completed_on < (r->>'completed_on')::date;
    RETURN coalesce(d, '-infinity');
  WHEN 'assessments' THEN
    IF r->>'status' IS DISTINCT FROM 'submitted' THEN RETURN 'infinity'; END IF;
    d := coalesce((r->>'completed_on')::date, '-infinity');
    IF r->>'instrument' = 'rfm' THEN
      -- A new RFM renews the child's previous one: its six months are counted in a period ending after it.
      RETURN least(d, coalesce((SELECT max(a.completed_on) FROM assessments a
        WHERE a.partnership_id = p AND a.child_id = (r->>'child_id')::uuid AND a.instrument = 'rfm' AND a.status = 'submitted'
          AND a.id <> (r->>'id')::uuid AND a.completed_on <= d), '-infinity'));
    END IF;
    RETURN d;
  WHEN 'assessment_reviews' THEN
    -- A judgement as of its date, and the renewal of its assessment.
    RETURN least(coalesce((r->>'reviewed_on')::date, '-infinity'), coalesce((SELECT a.completed_on FROM assessments a
      WHERE a.partnership_id = p AND a.id = (r->>'assessment_id')::uuid), '-infinity'));
  WHEN 'actions' THEN
    -- Set, done or overdue in a period ending after it was set; carried forward while open.
    RETURN report_cache_local((r->>'created_at')::timestamptz);
  WHEN 'meeting_occurrences' THEN
    RETURN report_cache_local((r->>'starts_at')::timestamptz);
  WHEN 'agenda_items' THEN
    RETURN coalesce(report_cache_occurrence_on(p, (r->>'occurrence_id')::uuid), '-infinity');
  WHEN 'agenda_item_children' THEN
    RETURN coalesce((SELECT report_cache_occurrence_on(p, i.occurrence_id) FROM agenda_items i
      WHERE i.partnership_id = p AND i.id = (r->>'item_id')::uuid), '-infinity');
  WHEN 'panel_referrals' THEN
    RETURN least(report_cache_local((r->>'referred_at')::timestamptz),
                 coalesce(report_cache_local((r->>'thresholded_at')::timestamptz), 'infinity'));
  WHEN 'intel_links' THEN
    -- The persons and locations linked to a child: read as they are now, for every period.
    IF r->>'a_child_id' IS NULL AND r->>'b_child_id' IS NULL THEN RETURN 'infinity'; END IF;
    RETURN '-infinity';
  ELSE
    -- children, meeting_series, intel_records: read as they are now, for every period.
    RETURN '-infinity';
  END CASE;
END $$;

CREATE FUNCTION report_cache_row_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  d date := 'infinity';
  jo jsonb;
  jn jsonb;
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    jo := to_jsonb(OLD);
    d := least(d, report_cache_row_date(TG_TABLE_NAME, jo));
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    jn := to_jsonb(NEW);
    d := least(d, report_cache_row_date(TG_TABLE_NAME, jn));
  END IF;
  IF TG_OP = 'UPDATE' THEN
    -- A referral's level is read through the panel items that name it, whenever it was referred.
    IF TG_TABLE_NAME = 'panel_referrals' AND jo->'risk_level' IS DISTINCT FROM jn->'risk_level' THEN d := '-infinity'; END IF;
    IF jo->>'partnership_id' IS DISTINCT FROM jn->>'partnership_id' THEN
      PERFORM report_cache_touch(jo->>'partnership_id', '-infinity');
    END IF;
  END IF;
  IF d < 'infinity' THEN PERFORM report_cache_touch(coalesce(jn, jo)->>'partnership_id', d); END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION report_cache_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE report_cache_state SET generation = generation + 1;
  DELETE FROM report_cache;
  RETURN NULL;
END $$;

-- Which columns of each table the figures read (an update of others reaches no report), as "(cols)" for
-- OLD and NEW (X. standing for each); NULL: every update. Inserting a child, a series or a record changes no figure until rows name it.
DO $$
DECLARE
  t record;
  cols text;
BEGIN
  FOR t IN SELECT * FROM (VALUES
    ('concerns', 'X.child_id, X.source, X.created_at', true),
    ('child_events', 'X.child_id, X.occurred_at, X.location_record_id', true),
    ('missing_episodes', 'X.child_id, X.went_missing_on, X.returned_on, X.exploitation_concern, X.found_location_record_id, X.created_at', true),
    ('training_needs', 'X.district_id, X.agency_id, X.recorded_on, X.need, X.created_at', true),
    ('investigations', 'X.child_id, X.kind, X.started_on, X.outcome, X.outcome_on', true),
    ('ce_risk_assessment_updates', 'X.child_id, X.completed_on, X.outcome, X.risk_type, X.recorded_at', true),
    ('assessments', NULL, true),
    ('assessment_reviews', NULL, true),
    -- Open and in progress count alike.
    ('actions', 'X.child_id, X.meeting_series_id, X.owner_agency_id, X.what, X.due_on, X.created_at, X.completed_at, CASE WHEN X.status IN (''open'', ''in-progress'') THEN ''open'' ELSE X.status END', true),
    ('meeting_occurrences', 'X.series_id, X.starts_at, X.status', true),
    ('agenda_items', 'X.occurrence_id, X.status, X.risk_level, X.referral_id, X.kind, X.location_text, X.title', true),
    ('agenda_item_children', 'X.item_id, X.child_id', true),
    ('panel_referrals', 'X.child_id, X.category, X.thresholded_at, X.district_id, X.risk_level, X.referred_at', true),
    ('intel_links', NULL, true),
    ('children', 'X.reference, X.district_id, X.primary_risk, X.education_setting', false),
    ('meeting_series', 'X.district_id, X.type_id', false),
    ('intel_records', 'X.label, X.kind, X.attributes->>''locationKind'', X.attributes->>''role''', false)
  ) AS v(tbl, cols, on_insert) LOOP
    IF t.on_insert THEN
      EXECUTE format('CREATE TRIGGER report_cache_ins AFTER INSERT ON %I FOR EACH ROW EXECUTE FUNCTION report_cache_row_changed()', t.tbl);
    END IF;
    EXECUTE format('CREATE TRIGGER report_cache_del AFTER DELETE ON %I FOR EACH ROW EXECUTE FUNCTION report_cache_row_changed()', t.tbl);
    IF t.cols IS NULL THEN
      EXECUTE format('CREATE TRIGGER report_cache_upd AFTER UPDATE ON %I FOR EACH ROW EXECUTE FUNCTION report_cache_row_changed()', t.tbl);
    ELSE
      cols := t.cols;
      EXECUTE format('CREATE TRIGGER report_cache_upd AFTER UPDATE ON %I FOR EACH ROW WHEN (ROW(%s) IS DISTINCT FROM ROW(%s)) EXECUTE FUNCTION report_cache_row_changed()',
        t.tbl, replace(cols, 'X.', 'OLD.'), replace(cols, 'X.', 'NEW.'));
    END IF;
    EXECUTE format('CREATE TRIGGER report_cache_trunc AFTER TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION report_cache_truncated()', t.tbl);
  END LOOP;
END $$;
