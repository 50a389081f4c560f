-- Issue 17: a search's key branch (search_keys && the keys of the words typed) took the GIN index of migration 031,
-- which holds every partnership's children: it returned the children of all partnerships sharing a key, and the
-- partnership's own were kept after reading each from the table, so the branch grew with the partnerships hosted. The
-- same index led by partnership_id (btree_gin gives text its GIN operator class) answers within the one partnership, as
-- migration 070 did for the trigram branch's GiST index and as Citus would.
CREATE EXTENSION IF NOT EXISTS btree_gin;
DROP INDEX IF EXISTS children_search_keys;
CREATE INDEX children_search_keys ON children USING gin (partnership_id, search_keys);
