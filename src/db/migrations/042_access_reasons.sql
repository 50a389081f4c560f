-- Issue 16 item 11 (DOMAIN §7, break-glass): the reason a user gave to open the record of a child their agency is not
-- involved with; it opens the record for them for 12 hours, and the partnership admin reviews the list.
CREATE TABLE access_reasons (
  partnership_id text NOT NULL REFERENCES partnerships(id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL,
  child_id uuid NOT NULL,
  reason text NOT NULL CHECK (length(btrim(reason)) > 0 AND length(reason) <= 500),
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (partnership_id, id),
  FOREIGN KEY (partnership_id, user_id) REFERENCES users (partnership_id, id),
  FOREIGN KEY (partnership_id, child_id) REFERENCES children (partnership_id, id)
);
CREATE INDEX access_reasons_user_child ON access_reasons (partnership_id, user_id, child_id, at DESC);
CREATE INDEX access_reasons_at ON access_reasons (partnership_id, at DESC);
