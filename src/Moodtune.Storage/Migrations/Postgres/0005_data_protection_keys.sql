-- The keys that protect sign-in cookies (ASP.NET Core data protection's XML elements), in the database that every node
-- shares, so that a cookie one node issued is accepted by the others. Keys are only ever added (a revocation is a new
-- element), never changed.
CREATE TABLE data_protection_keys (
    name    text PRIMARY KEY,
    xml     text NOT NULL,
    created text NOT NULL
);
