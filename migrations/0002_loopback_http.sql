-- 0002: V7 now allows http:// for a loopback host (127.0.0.0/8, [::1],
-- localhost), for emulators and tests of `discover`, `pull` and `push`
-- (SPEC §2, §10). Never edit this file once it has landed.
--
-- SQLite cannot alter a CHECK constraint, so the table is rebuilt as its
-- documentation describes for schema changes: sessadm runs this with
-- foreign keys off (so dropping the old table neither cascades into
-- settings nor fails), checks them before committing, and keeps every id,
-- the UNIQUE name_key and the AUTOINCREMENT sequence, so that an id is
-- still never reused.

CREATE TABLE environments_new (
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
    -- V7: an https:// URL, or http:// whose host (up to the first / ? or #)
    -- is localhost, [::1] or 127.x.x.x, with an optional numeric port.
    url         TEXT CHECK (url IS NULL
                    OR (lower(substr(url, 1, 8)) = 'https://' AND length(url) > 8)
                    OR (lower(substr(url, 1, 7)) = 'http://' AND (
                        lower(substr(replace(replace(substr(url, 8), '?', '/'), '#', '/'), 1, instr(replace(replace(substr(url, 8), '?', '/'), '#', '/') || '/', '/') - 1)) IN ('localhost', '[::1]')
                        OR (lower(substr(replace(replace(substr(url, 8), '?', '/'), '#', '/'), 1, instr(replace(replace(substr(url, 8), '?', '/'), '#', '/') || '/', '/') - 1)) GLOB 'localhost:*'
                            AND substr(lower(substr(replace(replace(substr(url, 8), '?', '/'), '#', '/'), 1, instr(replace(replace(substr(url, 8), '?', '/'), '#', '/') || '/', '/') - 1)), 11) NOT GLOB '*[^0-9]*')
                        OR (lower(substr(replace(replace(substr(url, 8), '?', '/'), '#', '/'), 1, instr(replace(replace(substr(url, 8), '?', '/'), '#', '/') || '/', '/') - 1)) GLOB '[[]::1]:*'
                            AND substr(lower(substr(replace(replace(substr(url, 8), '?', '/'), '#', '/'), 1, instr(replace(replace(substr(url, 8), '?', '/'), '#', '/') || '/', '/') - 1)), 7) NOT GLOB '*[^0-9]*')
                        OR (lower(substr(replace(replace(substr(url, 8), '?', '/'), '#', '/'), 1, instr(replace(replace(substr(url, 8), '?', '/'), '#', '/') || '/', '/') - 1)) GLOB '127.[0-9]*.[0-9]*.[0-9]*'
                            AND lower(substr(replace(replace(substr(url, 8), '?', '/'), '#', '/'), 1, instr(replace(replace(substr(url, 8), '?', '/'), '#', '/') || '/', '/') - 1)) NOT GLOB '*[^0-9.:]*')))),
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

INSERT INTO environments_new (id, name, name_key, url, version, description, created_at, updated_at)
    SELECT id, name, name_key, url, version, description, created_at, updated_at FROM environments;

-- The highest id ever given, deleted environments included.
DELETE FROM sqlite_sequence WHERE name = 'environments_new';
INSERT INTO sqlite_sequence (name, seq)
    SELECT 'environments_new', seq FROM sqlite_sequence WHERE name = 'environments';

DROP TABLE environments;
ALTER TABLE environments_new RENAME TO environments;
