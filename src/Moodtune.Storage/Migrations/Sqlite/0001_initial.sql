-- Times are UTC ISO 8601 text with a fixed width (2026-11-26T10:15:00.000Z), so text order is time order.

CREATE TABLE listeners (
    id      INTEGER PRIMARY KEY,
    name    TEXT NOT NULL,
    created TEXT NOT NULL
);

-- Until accounts exist, everything belongs to the one local listener.
INSERT INTO listeners (id, name, created) VALUES (1, 'local', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

-- The catalog: every field of Song; genres and moods are JSON arrays.
CREATE TABLE songs (
    id                TEXT PRIMARY KEY,
    title             TEXT NOT NULL,
    artist            TEXT NOT NULL,
    album             TEXT,
    year              INTEGER,
    language          TEXT NOT NULL,
    genres            TEXT NOT NULL DEFAULT '[]',
    valence           REAL NOT NULL,
    energy            REAL NOT NULL,
    features          TEXT NOT NULL,
    tempo             REAL,
    popularity        INTEGER,
    moods             TEXT NOT NULL DEFAULT '[]',
    youtube_id        TEXT,
    video_searched_on TEXT,
    source            TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE mood_readings (
    id          INTEGER PRIMARY KEY,
    listener_id INTEGER NOT NULL REFERENCES listeners (id),
    time        TEXT NOT NULL,
    angry       REAL NOT NULL,
    disgust     REAL NOT NULL,
    fear        REAL NOT NULL,
    happy       REAL NOT NULL,
    sad         REAL NOT NULL,
    surprise    REAL NOT NULL,
    neutral     REAL NOT NULL,
    valence     REAL NOT NULL,
    arousal     REAL NOT NULL,
    emotion     TEXT NOT NULL CHECK (emotion IN ('angry', 'disgust', 'fear', 'happy', 'sad', 'surprise', 'neutral')),
    source      TEXT NOT NULL CHECK (source IN ('camera', 'photo', 'picker'))
);

CREATE INDEX mood_readings_by_listener_time ON mood_readings (listener_id, time);

CREATE TABLE plays (
    id          INTEGER PRIMARY KEY,
    listener_id INTEGER NOT NULL REFERENCES listeners (id),
    song_id     TEXT NOT NULL,
    time        TEXT NOT NULL,
    event       TEXT NOT NULL CHECK (event IN ('started', 'completed', 'skipped', 'error')),
    error_code  INTEGER
);

CREATE INDEX plays_by_listener_time ON plays (listener_id, time);

-- One row per listener and song: the latest word wins; "no opinion" deletes the row.
CREATE TABLE feedback (
    listener_id INTEGER NOT NULL REFERENCES listeners (id),
    song_id     TEXT NOT NULL,
    value       TEXT NOT NULL CHECK (value IN ('like', 'dislike')),
    time        TEXT NOT NULL,
    PRIMARY KEY (listener_id, song_id)
) WITHOUT ROWID;
