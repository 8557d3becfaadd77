-- Accounts mode (Moodtune:Mode accounts): a listener who signs in. The password is kept only as ASP.NET Core
-- Identity's PasswordHasher output; the stamp changes with the password, so sign-ins made before stop working.
CREATE TABLE accounts (
    listener_id     INTEGER PRIMARY KEY REFERENCES listeners (id),
    email           TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password_hash   TEXT NOT NULL,
    is_admin        INTEGER NOT NULL DEFAULT 0,
    stamp           TEXT NOT NULL,
    failed_sign_ins INTEGER NOT NULL DEFAULT 0,
    locked_until    TEXT,
    created         TEXT NOT NULL
);
