-- The 30-second step of the last authenticator code a user signed in with: a code is accepted once only (RFC 6238
-- §5.2), so a code seen over someone's shoulder or caught in transit cannot be used again within its window.
ALTER TABLE users ADD COLUMN totp_last_step bigint;
