-- Ready for Citus (issue 17 item 4, docs/scale.md): every table of partnership data has partnership_id in its primary
-- key and in every unique index, so that it can be distributed by partnership_id (Citus enforces a key within one shard).
-- src/db/citus-ready.test.ts checks the catalog.

-- The audit trail. An entry made before any partnership is known (a sign-in for an address no account has, a refusal
-- before sign-in) names the empty partnership ''. The rows are changed here by the owner with the append-only trigger
-- off for this one statement; the application role still may not update or delete them.
ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update;
UPDATE audit_events SET partnership_id = '' WHERE partnership_id IS NULL;
ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update;
ALTER TABLE audit_events ALTER COLUMN partnership_id SET NOT NULL;
ALTER TABLE audit_events DROP CONSTRAINT audit_events_pkey;
ALTER TABLE audit_events ADD PRIMARY KEY (partnership_id, id);
-- Entries are also read in id order across partnerships (the newest entry; a chain over the entries): a plain index.
CREATE INDEX audit_events_id ON audit_events (id);

-- Outgoing mail: the sender marks a message by its partnership and id.
ALTER TABLE outbox DROP CONSTRAINT outbox_pkey;
ALTER TABLE outbox ADD PRIMARY KEY (partnership_id, id);

-- Sessions are found by (partnership_id, id_hash): the secret in the cookie or bearer token now starts with its
-- partnership's id (platform/sessions.ts). A secret given before this migration has none, so its session is ended here:
-- everyone signs in again once.
UPDATE sessions SET ended_at = now() WHERE ended_at IS NULL;
ALTER TABLE sessions DROP CONSTRAINT sessions_pkey;
ALTER TABLE sessions ADD PRIMARY KEY (partnership_id, id_hash);

-- Unique ids alone: no foreign key refers to them any more (each names (partnership_id, id)), and Citus could not enforce
-- them (the ids are random uuids). Where a refused request looks a record up by its id alone to name the partnership
-- that holds it in the audit (the services' ownerOf / partnershipOf), a plain index on id takes the unique one's place:
-- on Citus that look-up asks every shard, each through its own index.
ALTER TABLE actions DROP CONSTRAINT actions_id_key;
CREATE INDEX actions_id ON actions (id);
ALTER TABLE agenda_items DROP CONSTRAINT agenda_items_id_key;
CREATE INDEX agenda_items_id ON agenda_items (id);
ALTER TABLE children DROP CONSTRAINT children_id_key;
CREATE INDEX children_id ON children (id);
ALTER TABLE intel_links DROP CONSTRAINT intel_links_id_key;
CREATE INDEX intel_links_id ON intel_links (id);
ALTER TABLE intel_records DROP CONSTRAINT intel_records_id_key;
CREATE INDEX intel_records_id ON intel_records (id);
ALTER TABLE lateral_checks DROP CONSTRAINT lateral_checks_id_key;
CREATE INDEX lateral_checks_id ON lateral_checks (id);
ALTER TABLE meeting_occurrences DROP CONSTRAINT meeting_occurrences_id_key;
CREATE INDEX meeting_occurrences_id ON meeting_occurrences (id);
ALTER TABLE meeting_series DROP CONSTRAINT meeting_series_id_key;
CREATE INDEX meeting_series_id ON meeting_series (id);
ALTER TABLE panel_referrals DROP CONSTRAINT panel_referrals_id_key;
CREATE INDEX panel_referrals_id ON panel_referrals (id);
-- Never looked up by id alone.
ALTER TABLE assessments DROP CONSTRAINT assessments_id_key;
ALTER TABLE cse_programmes DROP CONSTRAINT cse_programmes_id_key;
ALTER TABLE users DROP CONSTRAINT users_id_key;
