-- A district's network (issue #6) starts from the district's children and the records placed in it: found by
-- index, not by reading every child and record of the partnership.
CREATE INDEX children_district ON children (partnership_id, district_id);
CREATE INDEX intel_records_district ON intel_records (partnership_id, district_id) WHERE merged_into IS NULL;
