-- The id a client sees is random: a sequence tells anyone how many users there are, and whose id comes next.
-- Users who already have an id keep it (registrations hold it).
ALTER TABLE users ADD COLUMN public_id TEXT;
UPDATE users SET public_id = CAST(id AS TEXT);
CREATE UNIQUE INDEX users_public_id ON users (public_id);
