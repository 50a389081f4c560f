-- Ready for Citus (issue 17 item 4, docs/scale.md). Sign-in is by email alone, so an email names one account across the
-- deployment; but a unique index on users (lower(email)) has no partnership_id, and Citus cannot enforce it on a table
-- distributed by partnership_id. The rule moves to user_emails, a reference table (the same rows on every node): one row
-- per account's email in lower case, naming its partnership. Sign-in finds the partnership there, then the account in
-- that partnership alone. Each account's row is required by a foreign key (users.email_key is lower(email)).
CREATE TABLE user_emails (
  email text PRIMARY KEY CHECK (email = lower(email)),
  partnership_id text NOT NULL REFERENCES partnerships (id),
  UNIQUE (email, partnership_id)
);
INSERT INTO user_emails (email, partnership_id) SELECT lower(email), partnership_id FROM users;

ALTER TABLE users ADD COLUMN email_key text GENERATED ALWAYS AS (lower(email)) STORED;
ALTER TABLE users ADD FOREIGN KEY (email_key, partnership_id) REFERENCES user_emails (email, partnership_id);
DROP INDEX users_email_key;
CREATE UNIQUE INDEX users_email ON users (partnership_id, email_key);
