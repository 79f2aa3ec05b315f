-- 0001: the environment inventory, its Privacy + Security settings, the
-- tenant settings and the change history (SPEC §2, §5).
-- Never edit this file once it has landed: add a new migration instead.
-- The CHECK constraints mirror rules V1-V9 so that a hand edit cannot store
-- what sessadm would refuse.

CREATE TABLE environments (
    -- AUTOINCREMENT: an id is never reused, so the history of a deleted
    -- environment never merges with a later one's.
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    -- V6: 1-100 characters, no control characters, no leading/trailing space.
    name        TEXT NOT NULL CHECK (
                    length(name) BETWEEN 1 AND 100
                    AND name = trim(name)
                    AND name NOT GLOB ('*[' || char(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
                        13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29,
                        30, 31, 127) || ']*')),
    -- V6: unique ignoring case; the case-folded name, kept by sessadm.
    name_key    TEXT NOT NULL UNIQUE CHECK (length(name_key) >= 1),
    -- V7: an https:// URL.
    url         TEXT CHECK (url IS NULL OR (lower(substr(url, 1, 8)) = 'https://' AND length(url) > 8)),
    -- V8: 1-4 dot-separated decimal numbers.
    version     TEXT CHECK (version IS NULL OR (
                    version <> ''
                    AND version NOT GLOB '*[^0-9.]*'
                    AND version NOT GLOB '.*'
                    AND version NOT GLOB '*.'
                    AND version NOT GLOB '*..*'
                    AND length(version) - length(replace(version, '.', '')) <= 3)),
    description TEXT CHECK (description IS NULL OR length(description) <= 500),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;

-- The six session columns, named as in the Dataverse organization table.
CREATE TABLE settings (
    environment_id                  INTEGER PRIMARY KEY
                                    REFERENCES environments (id) ON DELETE CASCADE,
    sessiontimeoutenabled           INTEGER NOT NULL DEFAULT 0
                                    CHECK (sessiontimeoutenabled IN (0, 1)),
    -- V1: 60 <= length <= 1440.
    sessiontimeoutinmins            INTEGER NOT NULL DEFAULT 1440
                                    CHECK (sessiontimeoutinmins BETWEEN 60 AND 1440),
    -- V2: 0 <= warning < length.
    sessiontimeoutreminderinmins    INTEGER NOT NULL DEFAULT 20
                                    CHECK (sessiontimeoutreminderinmins >= 0
                                           AND sessiontimeoutreminderinmins < sessiontimeoutinmins),
    inactivitytimeoutenabled        INTEGER NOT NULL DEFAULT 0
                                    CHECK (inactivitytimeoutenabled IN (0, 1)),
    -- V3: inactivity >= 5.
    inactivitytimeoutinmins         INTEGER CHECK (inactivitytimeoutinmins IS NULL
                                                   OR inactivitytimeoutinmins >= 5),
    -- V5: 0 <= warning < inactivity (0 when there is no inactivity value).
    inactivitytimeoutreminderinmins INTEGER NOT NULL DEFAULT 0
                                    CHECK (inactivitytimeoutreminderinmins >= 0
                                           AND inactivitytimeoutreminderinmins
                                               < coalesce(inactivitytimeoutinmins, 1)),
    -- V4: while inactivity is on it is shorter than the session length when
    -- the custom session timeout is on, else shorter than 1440.
    CHECK (inactivitytimeoutenabled = 0 OR (
        inactivitytimeoutinmins IS NOT NULL
        AND inactivitytimeoutinmins < CASE WHEN sessiontimeoutenabled = 1
                                           THEN sessiontimeoutinmins ELSE 1440 END))
) STRICT;

-- The identity-provider settings: exactly one row.
CREATE TABLE tenant (
    id                 INTEGER PRIMARY KEY CHECK (id = 1),
    -- V9: 1 hour <= token lifetime <= 365 days.
    token_lifetime_min INTEGER NOT NULL DEFAULT 129600
                       CHECK (token_lifetime_min BETWEEN 60 AND 525600)
) STRICT;

INSERT INTO tenant (id) VALUES (1);

-- Every change, written in the same transaction as the change itself.
-- No foreign key on environment_id: the history outlives the environment.
CREATE TABLE history (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    at              TEXT NOT NULL,
    actor           TEXT NOT NULL,
    environment_id  INTEGER,
    environment     TEXT,
    environment_key TEXT,
    field           TEXT NOT NULL,
    old             TEXT,
    new             TEXT
) STRICT;

CREATE INDEX history_by_environment ON history (environment_id, id);
CREATE INDEX history_by_environment_key ON history (environment_key);

-- The history is append-only.
CREATE TRIGGER history_no_update BEFORE UPDATE ON history
BEGIN
    SELECT RAISE(ABORT, 'history is append-only');
END;

CREATE TRIGGER history_no_delete BEFORE DELETE ON history
BEGIN
    SELECT RAISE(ABORT, 'history is append-only');
END;
