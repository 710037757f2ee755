-- round2 team schema 2: invitations by expiring link. The link carries a
-- random token; only its SHA-256 is kept, and it works once.
CREATE TABLE team_invitations (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES team_users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX team_invitations_user ON team_invitations(user_id);
