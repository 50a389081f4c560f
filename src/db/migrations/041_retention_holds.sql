-- Issue 16 item 12 (DOMAIN §7, retention): a coordinator's hold stops the nightly job erasing a child's record when it
-- falls due (a reason is required; released by a coordinator). One open hold per child. Erased with the child.
CREATE TABLE retention_holds (
  partnership_id text NOT NULL REFERENCES partnerships(id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  child_id uuid NOT NULL,
  reason text NOT NULL CHECK (length(btrim(reason)) > 0 AND length(reason) <= 500),
  placed_by uuid NOT NULL,
  placed_at timestamptz NOT NULL DEFAULT now(),
  released_by uuid,
  released_at timestamptz,
  PRIMARY KEY (partnership_id, id),
  FOREIGN KEY (partnership_id, child_id) REFERENCES children (partnership_id, id),
  FOREIGN KEY (partnership_id, placed_by) REFERENCES users (partnership_id, id),
  FOREIGN KEY (partnership_id, released_by) REFERENCES users (partnership_id, id),
  CHECK ((released_at IS NULL) = (released_by IS NULL))
);
CREATE UNIQUE INDEX retention_holds_open ON retention_holds (partnership_id, child_id) WHERE released_at IS NULL;
