-- Intelligence links can be changed and removed, and duplicate person records merged (issue #6).
-- Nothing is deleted, so that the audit stays complete: a removed link keeps its row with when, who
-- and why; a merged record keeps its row and names the record it was merged into. The graph, the map,
-- the reports and the lists ignore removed links (removed_at IS NULL) and merged records (merged_into IS NULL).

ALTER TABLE intel_links
  ADD COLUMN updated_at timestamptz,
  ADD COLUMN removed_at timestamptz,
  ADD COLUMN removed_by uuid,
  ADD COLUMN removed_reason text,
  ADD FOREIGN KEY (partnership_id, removed_by) REFERENCES users (partnership_id, id),
  ADD CHECK ((removed_at IS NULL) = (removed_reason IS NULL));

-- The same two ends and relation once only among the links in force (a removed link may be recorded again).
DROP INDEX intel_links_once;
CREATE UNIQUE INDEX intel_links_once ON intel_links (
  partnership_id,
  least(coalesce(a_child_id, a_record_id), coalesce(b_child_id, b_record_id)),
  greatest(coalesce(a_child_id, a_record_id), coalesce(b_child_id, b_record_id)),
  relation
) WHERE removed_at IS NULL;

ALTER TABLE intel_records
  ADD COLUMN merged_into uuid,
  ADD COLUMN merged_at timestamptz,
  ADD COLUMN merged_by uuid,
  ADD FOREIGN KEY (partnership_id, merged_into) REFERENCES intel_records (partnership_id, id),
  ADD FOREIGN KEY (partnership_id, merged_by) REFERENCES users (partnership_id, id),
  ADD CHECK (merged_into IS NULL OR merged_into <> id);
