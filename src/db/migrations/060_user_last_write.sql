-- Issue 17 item 2 (a user sees their own writes): where the primary's write-ahead log had got to after the user's last
-- write (pg_current_wal_lsn() once it committed, whichever session or token made it). Reads that may go to the read
-- replica go there only once it has replayed this far. Null: nothing recorded (no replica configured: never recorded).
ALTER TABLE users ADD COLUMN last_write_lsn pg_lsn;
