import GRDB

/// The store's tables, as versioned migrations (GRDB's `DatabaseMigrator`): a store made by an
/// older ratsdoc is brought up to date when it is opened; a migration never runs twice.
///
/// Every row derived from a document keeps the `sha256` of the input bytes it came from.
/// Timestamps are ISO 8601 in UTC. The README has the diagram.
enum StoreSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-sources-versions-records") { db in
            // One ingest run: what it was asked, what it did, and how it ended.
            try db.execute(
                sql: """
                    CREATE TABLE run (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        startedAt TEXT NOT NULL,
                        finishedAt TEXT,
                        -- running while it works; finished; interrupted when a later run finds it
                        -- still marked running (killed, crashed, power lost).
                        state TEXT NOT NULL CHECK (state IN ('running', 'finished', 'interrupted')),
                        build TEXT NOT NULL,
                        arguments TEXT NOT NULL,
                        snapshot INTEGER NOT NULL DEFAULT 0,
                        added INTEGER NOT NULL DEFAULT 0,
                        updated INTEGER NOT NULL DEFAULT 0,
                        unchanged INTEGER NOT NULL DEFAULT 0,
                        withdrawn INTEGER NOT NULL DEFAULT 0,
                        failed INTEGER NOT NULL DEFAULT 0,
                        partial INTEGER NOT NULL DEFAULT 0
                    );
                    -- One input file, by its absolute path.
                    CREATE TABLE source (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        path TEXT NOT NULL UNIQUE,
                        displayPath TEXT NOT NULL,
                        outputName TEXT NOT NULL,
                        sha256 TEXT NOT NULL,
                        size INTEGER NOT NULL,
                        firstSeen TEXT NOT NULL,
                        lastSeen TEXT NOT NULL,
                        lastRunId INTEGER REFERENCES run(id),
                        withdrawn INTEGER NOT NULL DEFAULT 0,
                        withdrawnAt TEXT,
                        currentVersionId INTEGER REFERENCES documentVersion(id)
                    );
                    -- One distinct content of a source (a new row when its bytes change, or when
                    -- --force re-parses it into a different record), with the record it gave.
                    CREATE TABLE documentVersion (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        sourceId INTEGER NOT NULL REFERENCES source(id),
                        number INTEGER NOT NULL,
                        sha256 TEXT NOT NULL,
                        size INTEGER NOT NULL,
                        family TEXT NOT NULL CHECK (family IN ('paper', 'session')),
                        mediaType TEXT,
                        status TEXT NOT NULL CHECK (status IN ('success', 'partial', 'failure')),
                        -- the profile (Vorlage) or the dialect (session data) that read it
                        reader TEXT,
                        build TEXT NOT NULL,
                        problem TEXT,
                        transient INTEGER NOT NULL DEFAULT 0,
                        -- the ratsdoc JSON contract, compact, as `convert --format jsonl` writes it
                        record TEXT NOT NULL,
                        createdAt TEXT NOT NULL,
                        runId INTEGER NOT NULL REFERENCES run(id),
                        UNIQUE (sourceId, number)
                    );
                    -- A paper by its reference; the version it is read from now. Each source that
                    -- holds it is a paperOrigin.
                    CREATE TABLE paper (
                        reference TEXT PRIMARY KEY NOT NULL,
                        currentVersionId INTEGER NOT NULL REFERENCES documentVersion(id),
                        origin TEXT NOT NULL,
                        name TEXT,
                        paperType TEXT,
                        date TEXT,
                        sha256 TEXT NOT NULL,
                        -- 1 when every source that held it is withdrawn
                        withdrawn INTEGER NOT NULL DEFAULT 0
                    );
                    -- One source's reading of a paper: its PDF or text ('document'), an XML export
                    -- or an OParl dump ('session').
                    CREATE TABLE paperOrigin (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        reference TEXT NOT NULL,
                        sourceId INTEGER NOT NULL REFERENCES source(id),
                        versionId INTEGER NOT NULL REFERENCES documentVersion(id),
                        origin TEXT NOT NULL CHECK (origin IN ('document', 'session')),
                        paperId TEXT,
                        sha256 TEXT NOT NULL,
                        paper TEXT NOT NULL,
                        UNIQUE (reference, sourceId)
                    );
                    CREATE TABLE consultation (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        originId INTEGER NOT NULL REFERENCES paperOrigin(id) ON DELETE CASCADE,
                        reference TEXT NOT NULL,
                        position INTEGER NOT NULL,
                        date TEXT,
                        organization TEXT,
                        role TEXT,
                        roleRaw TEXT,
                        agendaItemNumber TEXT,
                        public INTEGER,
                        authoritative INTEGER NOT NULL,
                        result TEXT,
                        resultCode TEXT,
                        consultationId TEXT,
                        meetingId TEXT,
                        agendaItemId TEXT,
                        sha256 TEXT NOT NULL
                    );
                    CREATE TABLE meeting (
                        id TEXT PRIMARY KEY NOT NULL,
                        sourceId INTEGER NOT NULL REFERENCES source(id),
                        versionId INTEGER NOT NULL REFERENCES documentVersion(id),
                        sha256 TEXT NOT NULL,
                        name TEXT,
                        start TEXT,
                        "end" TEXT,
                        date TEXT,
                        organization TEXT,
                        organizationId TEXT,
                        meetingState TEXT,
                        cancelled INTEGER,
                        location TEXT,
                        record TEXT NOT NULL
                    );
                    CREATE TABLE agendaItem (
                        key TEXT PRIMARY KEY NOT NULL,
                        id TEXT,
                        meetingId TEXT NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
                        position INTEGER NOT NULL,
                        number TEXT,
                        name TEXT,
                        public INTEGER,
                        paperReference TEXT,
                        paperId TEXT,
                        result TEXT,
                        resultCode TEXT,
                        sha256 TEXT NOT NULL,
                        record TEXT NOT NULL
                    );
                    CREATE TABLE organization (
                        id TEXT PRIMARY KEY NOT NULL,
                        sourceId INTEGER NOT NULL REFERENCES source(id),
                        versionId INTEGER NOT NULL REFERENCES documentVersion(id),
                        sha256 TEXT NOT NULL,
                        name TEXT,
                        shortName TEXT,
                        organizationType TEXT,
                        classification TEXT,
                        record TEXT NOT NULL
                    );
                    CREATE INDEX documentVersionBySource ON documentVersion(sourceId, number);
                    CREATE INDEX paperOriginByReference ON paperOrigin(reference);
                    CREATE INDEX paperOriginBySource ON paperOrigin(sourceId);
                    CREATE INDEX consultationByOrganizationDate ON consultation(organization, date);
                    CREATE INDEX consultationByReference ON consultation(reference);
                    CREATE INDEX consultationByOrigin ON consultation(originId);
                    CREATE INDEX meetingByDate ON meeting(date);
                    CREATE INDEX meetingBySource ON meeting(sourceId);
                    CREATE INDEX agendaItemByPaperReference ON agendaItem(paperReference);
                    CREATE INDEX agendaItemByMeeting ON agendaItem(meetingId, position);
                    CREATE INDEX organizationBySource ON organization(sourceId);
                    """)
        }
        migrator.registerMigration("v2-consultation-tracking") { db in
            // Where each paper sits in its consultation sequence (ratsdoc status / pending / agenda,
            // the server), kept current by every ingest in the same transaction as the document.
            // `status` is the PaperStatus JSON without the anomalies that depend on the day it is read.
            try db.execute(
                sql: """
                    ALTER TABLE agendaItem ADD COLUMN consultationId TEXT;
                    UPDATE agendaItem SET consultationId = json_extract(record, '$.consultationId');
                    CREATE INDEX agendaItemByConsultation ON agendaItem(consultationId);
                    CREATE INDEX agendaItemById ON agendaItem(id);
                    CREATE INDEX consultationByAgendaItem ON consultation(agendaItemId);
                    CREATE INDEX consultationByConsultationId ON consultation(consultationId);
                    CREATE INDEX consultationByMeeting ON consultation(meetingId);
                    CREATE INDEX consultationByDate ON consultation(date);
                    CREATE TABLE paperStatus (
                        reference TEXT PRIMARY KEY NOT NULL,
                        state TEXT NOT NULL,
                        name TEXT,
                        currentOrganization TEXT,
                        currentCommittee TEXT,
                        currentDate TEXT,
                        currentState TEXT,
                        finalOrganization TEXT,
                        finalDate TEXT,
                        finalResultCode TEXT,
                        steps INTEGER NOT NULL,
                        anomalies INTEGER NOT NULL,
                        status TEXT NOT NULL
                    );
                    CREATE INDEX paperStatusByState ON paperStatus(state, currentDate, reference);
                    CREATE INDEX paperStatusByCommittee ON paperStatus(state, currentCommittee, currentDate, reference);
                    """)
        }
        return migrator
    }
}
