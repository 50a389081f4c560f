-- Meeting series and their occurrences (DOMAIN §4, §5, §6): RFC 5545 rules read as local times in
-- Europe/London; occurrences are materialised for a window so that one can be moved or cancelled.

CREATE TABLE meeting_series (
  partnership_id text NOT NULL REFERENCES partnerships(id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  type_id text NOT NULL,
  name text NOT NULL,
  district_id text,
  rrule text NOT NULL,
  first_date date NOT NULL,
  start_time text NOT NULL CHECK (start_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  duration_minutes integer NOT NULL CHECK (duration_minutes > 0 AND duration_minutes <= 1440),
  timezone text NOT NULL DEFAULT 'Europe/London',
  skip_bank_holidays boolean NOT NULL DEFAULT false,
  offset_days integer NOT NULL DEFAULT 0,
  location text,
  -- Series made from the partnership's configuration carry its key (type, or type:district); NULL when an admin added it.
  config_key text,
  materialised_until timestamptz,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (partnership_id, id),
  UNIQUE (id),
  UNIQUE (partnership_id, config_key),
  FOREIGN KEY (partnership_id, district_id) REFERENCES districts (partnership_id, id),
  FOREIGN KEY (partnership_id, created_by) REFERENCES users (partnership_id, id)
);

CREATE TABLE meeting_members (
  partnership_id text NOT NULL REFERENCES partnerships(id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  series_id uuid NOT NULL,
  user_id uuid,
  name text,
  email text,
  agency_id text,
  membership text NOT NULL CHECK (membership IN ('core', 'secondary')),
  added_by uuid,
  added_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (partnership_id, id),
  FOREIGN KEY (partnership_id, series_id) REFERENCES meeting_series (partnership_id, id),
  FOREIGN KEY (partnership_id, user_id) REFERENCES users (partnership_id, id),
  FOREIGN KEY (partnership_id, agency_id) REFERENCES agencies (partnership_id, id),
  FOREIGN KEY (partnership_id, added_by) REFERENCES users (partnership_id, id),
  CHECK (user_id IS NOT NULL OR (name IS NOT NULL AND email IS NOT NULL))
);
CREATE UNIQUE INDEX meeting_members_user ON meeting_members (partnership_id, series_id, user_id) WHERE user_id IS NOT NULL;
CREATE INDEX meeting_members_by_user ON meeting_members (partnership_id, user_id);

CREATE TABLE meeting_occurrences (
  partnership_id text NOT NULL REFERENCES partnerships(id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  series_id uuid NOT NULL,
  -- Where the rule put it: the key of the idempotent materialisation, kept when it is moved.
  original_starts_at timestamptz NOT NULL,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'moved', 'cancelled')),
  reason text,
  changed_by uuid,
  changed_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (partnership_id, id),
  UNIQUE (id),
  UNIQUE (partnership_id, series_id, original_starts_at),
  FOREIGN KEY (partnership_id, series_id) REFERENCES meeting_series (partnership_id, id),
  FOREIGN KEY (partnership_id, changed_by) REFERENCES users (partnership_id, id),
  CHECK (ends_at > starts_at)
);
CREATE INDEX meeting_occurrences_upcoming ON meeting_occurrences (partnership_id, starts_at);
