-- Issue 15, item 19 (DOMAIN §5): a series says what a bank holiday does to a meeting the rule puts on it:
-- 'skip' leaves it out (the DRMM, weekly meetings), 'next-working-day' moves it (the LLR Monthly on the fourth
-- Tuesday, the FORM), so that a monthly meeting is never dropped silently. A moved meeting keeps the rule's instant
-- in original_starts_at (the key of the written occurrence) and names the holiday it was moved off.
ALTER TABLE meeting_series ADD COLUMN on_bank_holiday text NOT NULL DEFAULT 'skip' CHECK (on_bank_holiday IN ('skip', 'next-working-day'));
ALTER TABLE meeting_occurrences ADD COLUMN moved_off_holiday text;
