-- Every write of a song stamps it with the catalog's next revision, so that a process holding the catalog in memory
-- (the web app) picks up what another process (`moodtune catalog import`, another node) changed by reading only the
-- rows newer than the last revision it has seen.
ALTER TABLE songs ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
CREATE INDEX songs_by_revision ON songs (revision);
