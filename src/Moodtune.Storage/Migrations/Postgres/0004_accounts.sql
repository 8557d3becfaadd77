-- Accounts mode (Moodtune:Mode accounts): a listener who signs in. The password is kept only as ASP.NET Core
-- Identity's PasswordHasher output; the stamp changes with the password, so sign-ins made before stop working.
CREATE TABLE accounts (
    listener_id     bigint PRIMARY KEY REFERENCES listeners (id),
    email           text NOT NULL,
    password_hash   text NOT NULL,
    is_admin        boolean NOT NULL DEFAULT false,
    stamp           text NOT NULL,
    failed_sign_ins integer NOT NULL DEFAULT 0,
    locked_until    text,
    created         text NOT NULL
);

-- SQLite's email column is COLLATE NOCASE: here the same is a unique index on lower(email), which AccountStore's
-- lower(email) = lower(@email) lookups use.
CREATE UNIQUE INDEX accounts_by_email ON accounts (lower(email));
