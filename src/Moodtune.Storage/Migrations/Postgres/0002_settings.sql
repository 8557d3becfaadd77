-- Settings the instance's owner makes in the page (the YouTube Data API key): server-side only, never sent to a browser.
CREATE TABLE settings (
    name    text PRIMARY KEY,
    value   text NOT NULL,
    updated text NOT NULL
);
