-- Settings the instance's owner makes in the page (the YouTube Data API key): server-side only, never sent to a browser.
CREATE TABLE settings (
    name    TEXT PRIMARY KEY,
    value   TEXT NOT NULL,
    updated TEXT NOT NULL
) WITHOUT ROWID;
