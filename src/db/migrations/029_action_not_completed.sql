-- Issue 15 item 23 (DOMAIN §5, source 004: "Any work not completed should be documented ... with rationale as to why it
-- was not considered proportionate or necessary to complete"): an action closed without completion keeps the reason.
ALTER TABLE actions ADD COLUMN not_completed_reason text;
-- Actions cancelled before the reason was asked for say so, rather than leaving the reason empty.
UPDATE actions SET not_completed_reason = 'Not recorded: the action was closed before a reason was asked for'
 WHERE status = 'cancelled';
ALTER TABLE actions ADD CONSTRAINT actions_not_completed_reason
  CHECK (status <> 'cancelled' OR length(btrim(coalesce(not_completed_reason, ''))) > 0);
