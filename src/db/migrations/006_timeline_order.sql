-- Several timeline entries written in one transaction keep the order they were written in.
ALTER TABLE timeline_events ALTER COLUMN occurred_at SET DEFAULT clock_timestamp();
