-- round2 team schema 1: accounts, sessions, sharing, what coaches leave.
-- Times are Unix seconds (UTC). A candidate's own records are not here:
-- each candidate has a store of their own (see crates/store/src/team.rs).
CREATE TABLE team_users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('candidate', 'coach', 'admin')),
    password_hash TEXT,
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);
CREATE TABLE team_sessions (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES team_users(id) ON DELETE CASCADE,
    csrf TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX team_sessions_user ON team_sessions(user_id);
CREATE TABLE team_login_failures (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL,
    address TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX team_login_failures_email ON team_login_failures(email, at);
CREATE INDEX team_login_failures_address ON team_login_failures(address, at);
CREATE TABLE team_shares (
    candidate_id INTEGER NOT NULL REFERENCES team_users(id) ON DELETE CASCADE,
    slug TEXT NOT NULL,
    coach_id INTEGER NOT NULL REFERENCES team_users(id) ON DELETE CASCADE,
    shared_at INTEGER NOT NULL,
    reviewed_at INTEGER,
    PRIMARY KEY (candidate_id, slug, coach_id)
);
CREATE INDEX team_shares_coach ON team_shares(coach_id);
CREATE TABLE team_comments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    candidate_id INTEGER NOT NULL REFERENCES team_users(id) ON DELETE CASCADE,
    slug TEXT NOT NULL,
    target TEXT NOT NULL,
    author_id INTEGER NOT NULL REFERENCES team_users(id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    reply_to INTEGER REFERENCES team_comments(id) ON DELETE CASCADE,
    at INTEGER NOT NULL
);
CREATE INDEX team_comments_opportunity ON team_comments(candidate_id, slug);
CREATE TABLE team_assignments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    candidate_id INTEGER NOT NULL REFERENCES team_users(id) ON DELETE CASCADE,
    slug TEXT NOT NULL,
    coach_id INTEGER NOT NULL REFERENCES team_users(id) ON DELETE CASCADE,
    question TEXT NOT NULL,
    due TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX team_assignments_candidate ON team_assignments(candidate_id);
CREATE TABLE team_audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    candidate_id INTEGER NOT NULL REFERENCES team_users(id) ON DELETE CASCADE,
    actor_id INTEGER NOT NULL REFERENCES team_users(id) ON DELETE CASCADE,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX team_audit_candidate ON team_audit(candidate_id, at);
