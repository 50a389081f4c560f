-- The meeting itself (DOMAIN §4–§6): how an attendee's acceptance of the confidentiality agreement was
-- given (signed in, or recorded by the chair for a guest without an account, verbally or in writing),
-- a guest's email for the minutes, the VAT's manual adjustment beside the decision, and why the next
-- review date differs from the partnership's rule when the chair changed it.

ALTER TABLE meeting_attendance ADD COLUMN agreement_method text CHECK (agreement_method IN ('signed-in', 'verbal', 'written'));
ALTER TABLE meeting_attendance ADD COLUMN agreement_recorded_by uuid;
ALTER TABLE meeting_attendance ADD COLUMN email text;
ALTER TABLE meeting_attendance ADD FOREIGN KEY (partnership_id, agreement_recorded_by) REFERENCES users (partnership_id, id);
ALTER TABLE meeting_attendance ADD CHECK ((agreement_accepted_at IS NULL) = (agreement_method IS NULL));
-- A guest accepting on their own account is not possible: the chair records it.
ALTER TABLE meeting_attendance ADD CHECK (agreement_method IS NULL OR (agreement_method = 'signed-in') = (user_id IS NOT NULL));
CREATE INDEX meeting_attendance_occurrence ON meeting_attendance (partnership_id, occurrence_id);

-- DOMAIN §4: the chair may add or deduct up to 20 with a recorded rationale.
ALTER TABLE agenda_items ADD COLUMN risk_adjustment integer CHECK (risk_adjustment BETWEEN -20 AND 20);
ALTER TABLE agenda_items ADD COLUMN next_review_reason text;

CREATE INDEX meeting_recordings_item ON meeting_recordings (partnership_id, item_id);
CREATE INDEX actions_agenda_item ON actions (partnership_id, agenda_item_id) WHERE agenda_item_id IS NOT NULL;
