-- LLR MACE Hub (DOMAIN §5): intake routing and the NPA referral after a medium THRIVE grading.

-- How the Neighbourhood Policing Area already manages a child in another capacity (e.g. NOM or HKC):
-- a medium grading's referral then goes on the child's master management report.
ALTER TABLE children ADD COLUMN npa_managed_as text;

-- The previous-CE-concerns check reads a child's concerns; the THRIVE page reads its NPA referral.
CREATE INDEX concerns_child ON concerns (partnership_id, child_id, created_at DESC);
CREATE INDEX npa_referrals_assessment ON npa_referrals (partnership_id, assessment_id);
