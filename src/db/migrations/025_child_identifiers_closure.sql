-- Issue 14, the national tracker's app side.
-- The child's strong identifiers (optional): the NHS number (10 digits, modulus 11 check digit) and the unique pupil
-- number (the DfE's: a check letter, 11 digits, a digit or a letter), stored normalised; checked by
-- src/domain/identifiers/identifiers.ts before they are saved. Personal data: never in a URL or a log.
ALTER TABLE children ADD COLUMN nhs_number text CHECK (nhs_number ~ '^[0-9]{10}$');
ALTER TABLE children ADD COLUMN upn text CHECK (upn ~ '^[A-Z][0-9]{11}[0-9A-Z]$');

-- A record closed by a coordinator (no longer open to MACE, DOMAIN §6 "remove from MACE"): when, why, by whom. Nothing
-- is deleted; a reopened record clears these. While closed, the child is withdrawn from the national tracker.
ALTER TABLE children ADD COLUMN closed_at timestamptz;
ALTER TABLE children ADD COLUMN closed_reason text CHECK (closed_reason IN ('risk-reduced', 'moved-away', 'adult', 'other'));
ALTER TABLE children ADD COLUMN closed_details text;
ALTER TABLE children ADD COLUMN closed_by uuid;
ALTER TABLE children ADD CONSTRAINT children_closed_reason CHECK ((closed_at IS NULL) = (closed_reason IS NULL));

-- An alert the tracker no longer lists (the other side's record was withdrawn or changed, the other side rejected it,
-- or this side closed its child): kept for 30 days as withdrawn, so that the coordinators see that it was withdrawn
-- and nothing more.
ALTER TABLE child_tracker_alerts ADD COLUMN withdrawn_at timestamptz;
