-- A bulk import of children (issue 14) between its preview and its import: the rows as read and checked, kept on the
-- server under an opaque id (never in a URL or the session) for the user who uploaded them. The rows are cleared
-- when imported (the result keeps counts and the ids of the children created); an upload never imported is removed
-- when its user uploads again, or by anyone's upload after a day.
CREATE TABLE child_imports (
  partnership_id text NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  source text NOT NULL CHECK (source IN ('csv', 'xlsx')),
  rows jsonb,
  imported_at timestamptz,
  result jsonb,
  PRIMARY KEY (partnership_id, id),
  FOREIGN KEY (partnership_id, user_id) REFERENCES users (partnership_id, id)
);
CREATE INDEX child_imports_user ON child_imports (partnership_id, user_id) WHERE imported_at IS NULL;
