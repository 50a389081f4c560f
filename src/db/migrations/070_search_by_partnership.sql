-- Issue 17 item 3: a search's trigram branch (search_text <% the name typed) walked a GiST index holding every
-- partnership's children and threw the others' rows away after reading them, so a partnership's search slowed as
-- partnerships were added (national ÷ county ×2.7 at p95: docs/scale.md). The same index led by partnership_id
-- (btree_gist gives text its GiST operator class) keeps the walk within the one partnership, as Citus would.
CREATE EXTENSION IF NOT EXISTS btree_gist;
DROP INDEX IF EXISTS children_search_trgm;
CREATE INDEX children_search_trgm ON children USING gist (partnership_id, search_text gist_trgm_ops);
