-- A page that shows many children at once (a network, the locations map, the lists of linked children and of
-- children who might be missed) writes one audit entry naming every child shown, instead of one entry per child:
-- a district's network shows hundreds (issue #6). Each child's audit trail finds these entries by this index.
ALTER TABLE audit_events ADD COLUMN children_shown uuid[];
-- A small pending list (256 kB): new entries are cheap to add, and merging them into the index never holds up one
-- page for long (the default 4 MB made one insert in a hundred wait 100 ms).
CREATE INDEX audit_events_children_shown ON audit_events USING gin (children_shown) WITH (gin_pending_list_limit = 256) WHERE children_shown IS NOT NULL;
