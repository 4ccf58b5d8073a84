"""The workspace database's schema as a list of forward migrations.

``PRAGMA user_version`` holds how many migrations have run. Opening an older workspace runs
the missing ones inside one transaction (SQLite's DDL is transactional, so a crash mid-way
leaves the old version intact); a workspace whose version is higher than this list is from
a newer app and is refused rather than guessed at. Never edit a released migration: append.
"""

from __future__ import annotations

import sqlite3

# Marks the file as ours in the SQLite header, so a stray database is told apart from a workspace.
APPLICATION_ID = 0x50534E44  # "PSND"

MIGRATIONS: list[str] = [
    # 1: the first schema
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE organisation (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        name TEXT NOT NULL DEFAULT '', org_type TEXT, urn TEXT NOT NULL DEFAULT '',
        ods_code TEXT NOT NULL DEFAULT '', line1 TEXT NOT NULL DEFAULT '',
        line2 TEXT NOT NULL DEFAULT '', town TEXT NOT NULL DEFAULT '',
        postcode TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE person (
        role TEXT PRIMARY KEY, name TEXT NOT NULL DEFAULT '', job_title TEXT NOT NULL DEFAULT '',
        email TEXT NOT NULL DEFAULT '', phone TEXT NOT NULL DEFAULT '',
        company TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE scope (
        id INTEGER PRIMARY KEY CHECK (id = 1), environment_name TEXT NOT NULL DEFAULT '',
        user_count INTEGER, site_count INTEGER, ip_ranges TEXT NOT NULL DEFAULT '[]',
        psn_services TEXT NOT NULL DEFAULT '[]', description TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE connection (
        id INTEGER PRIMARY KEY CHECK (id = 1), route TEXT, provider_name TEXT NOT NULL DEFAULT '',
        gateway TEXT NOT NULL DEFAULT '', remote_ranges TEXT NOT NULL DEFAULT '[]',
        local_identity TEXT NOT NULL DEFAULT '', auth_method TEXT NOT NULL DEFAULT 'certificate',
        split_tunnel_reason TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE cloud_service (
        id INTEGER PRIMARY KEY, name TEXT NOT NULL, purpose TEXT NOT NULL DEFAULT '',
        assessed INTEGER, notes TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE device (
        id INTEGER PRIMARY KEY, name TEXT NOT NULL, device_type TEXT NOT NULL,
        os_product TEXT NOT NULL DEFAULT '', os_version TEXT NOT NULL DEFAULT '',
        os_edition TEXT NOT NULL DEFAULT '', extended_updates INTEGER,
        owner TEXT NOT NULL DEFAULT '', location TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT 'manual'
    );
    CREATE TABLE answer (
        requirement_id TEXT PRIMARY KEY, status TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT '', answered_on TEXT
    );
    CREATE TABLE evidence_file (
        sha256 TEXT PRIMARY KEY, size INTEGER NOT NULL, original_name TEXT NOT NULL,
        media_type TEXT NOT NULL, original_path TEXT NOT NULL DEFAULT '',
        original_mtime_ns INTEGER, added_on TEXT
    );
    CREATE TABLE evidence_use (
        id INTEGER PRIMARY KEY,
        sha256 TEXT NOT NULL REFERENCES evidence_file(sha256) ON DELETE CASCADE,
        requirement_ids TEXT NOT NULL DEFAULT '[]', title TEXT NOT NULL DEFAULT '',
        document_date TEXT
    );
    CREATE INDEX evidence_use_sha ON evidence_use(sha256);
    CREATE TABLE health_check (
        id INTEGER PRIMARY KEY CHECK (id = 1), provider TEXT NOT NULL DEFAULT '',
        check_date TEXT, scope TEXT NOT NULL DEFAULT '', report_sha256 TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE finding (
        id INTEGER PRIMARY KEY, source TEXT NOT NULL, title TEXT NOT NULL,
        severity TEXT NOT NULL, requirement_ids TEXT NOT NULL DEFAULT '[]',
        device_ids TEXT NOT NULL DEFAULT '[]', date_found TEXT,
        detail TEXT NOT NULL DEFAULT '', reference TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE action (
        id INTEGER PRIMARY KEY,
        finding_id INTEGER NOT NULL REFERENCES finding(id) ON DELETE CASCADE,
        owner TEXT NOT NULL DEFAULT '', target_date TEXT, status TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT '', notes TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX action_finding ON action(finding_id);
    CREATE TABLE sign_off (
        id INTEGER PRIMARY KEY, framework_id TEXT NOT NULL, name TEXT NOT NULL,
        role TEXT NOT NULL, signed_on TEXT NOT NULL, declared INTEGER NOT NULL,
        content_digest TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE secret_record (
        purpose TEXT PRIMARY KEY, label TEXT NOT NULL DEFAULT '', changed_at TEXT NOT NULL
    );
    CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
]

LATEST_VERSION = len(MIGRATIONS)


def current_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection) -> int:
    """Run the missing migrations in one transaction; return the version reached."""
    version = current_version(conn)
    if version >= LATEST_VERSION:
        return version
    conn.execute("BEGIN IMMEDIATE")
    try:
        for number in range(version, LATEST_VERSION):
            for statement in _statements(MIGRATIONS[number]):
                conn.execute(statement)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {LATEST_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return LATEST_VERSION


def _statements(script: str) -> list[str]:
    """Split a migration into statements; executescript would commit our transaction."""
    return [part.strip() for part in script.split(";") if part.strip()]
