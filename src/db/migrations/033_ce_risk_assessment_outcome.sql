-- Issue 15 item 15 (DOMAIN §4, source 002 §4.7): "The Evolve Social Worker attending MACE will complete the CE risk
-- assessment within 3 working days. If outcome is Medium or High for exploitation, there will be a discussion around the
-- type of exploitation." A CE risk assessment recorded now says its outcome and, at the levels the partnership lists
-- (riskTypeLevels), the type of exploitation (the one vocabulary of assessments.risk_type). Those recorded before say neither.
ALTER TABLE ce_risk_assessment_updates
  ADD COLUMN outcome text CHECK (outcome IN ('low', 'medium', 'high')),
  ADD COLUMN risk_type text CHECK (risk_type IN ('CSE', 'CCE', 'Dual')),
  ADD CONSTRAINT ce_risk_assessment_type_with_outcome CHECK (risk_type IS NULL OR outcome IS NOT NULL);
