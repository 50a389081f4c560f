-- Issue 17 item 5: the audit trail's chain, so that a restored database (or the live one) can be shown to hold every
-- audit entry unchanged. A seal covers the entries with from_id < id <= upto_id, in id order: its hash is
-- SHA-256 of the previous seal's hash and each entry's digest (platform/audit-chain.ts), so the seals chain too.
-- Seals are written after the entries (by the job runner and before each backup), never by the request that audits:
-- no request waits on the chain. Append-only, as audit_events.
CREATE TABLE audit_seals (
  id bigserial PRIMARY KEY,
  from_id bigint NOT NULL UNIQUE,
  upto_id bigint NOT NULL UNIQUE,
  entries integer NOT NULL CHECK (entries >= 0),
  hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
  sealed_at timestamptz NOT NULL DEFAULT now(),
  CHECK (upto_id > from_id)
);

CREATE FUNCTION audit_seals_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_seals is append-only';
END $$;
CREATE TRIGGER audit_seals_no_update BEFORE UPDATE OR DELETE ON audit_seals
  FOR EACH ROW EXECUTE FUNCTION audit_seals_append_only();
CREATE TRIGGER audit_seals_no_truncate BEFORE TRUNCATE ON audit_seals
  FOR EACH STATEMENT EXECUTE FUNCTION audit_seals_append_only();

-- The highest audit entry id below which every entry is final: a SHARE lock waits for every transaction that has
-- inserted an entry to end (and holds new ones back until the caller commits, at once). The application role may
-- not take that lock itself (it has no UPDATE on audit_events), hence SECURITY DEFINER, its search_path fixed.
DO $$ BEGIN
  EXECUTE format($f$
    CREATE FUNCTION audit_seal_horizon() RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = %I, pg_temp AS $b$
    BEGIN
      LOCK TABLE audit_events IN SHARE MODE;
      RETURN (SELECT coalesce(max(id), 0) FROM audit_events);
    END $b$
  $f$, current_schema());
END $$;
