import Foundation
public import GRDB

/// The ratsdoc store: one SQLite file in WAL mode (readers never wait for the writer), brought to
/// the current schema when opened (``StoreSchema``).
///
/// Writes come from one ingest at a time (``StoreLock``); each document is written in one
/// transaction, so a store killed at any point holds every document whole or not at all.
public final class Store: Sendable {
    public let path: String
    public let database: DatabasePool

    /// How long a statement waits for a lock held by another connection before it fails.
    static let busyTimeout: TimeInterval = 30
    /// How long to wait before migrating again after a migration failed (another process migrating).
    static let migrationRetryDelay: TimeInterval = 0.5

    /// Opens (and creates, when `create`) the store at `path`.
    /// - Throws: ``StoreError`` when the file is missing (and `create` is false), is not a SQLite
    ///   database, or cannot be migrated.
    public init(path: String, create: Bool = true) throws {
        self.path = path
        if !create && !FileManager.default.fileExists(atPath: path) {
            throw StoreError("\(path): no such store (run `ratsdoc ingest ... --store \(path)` first)")
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(Self.busyTimeout)
        configuration.prepareDatabase { db in
            // WAL with synchronous=NORMAL: a commit survives a killed process; only a power loss
            // may take the last commits back, and never leaves the file inconsistent.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            database = try DatabasePool(path: path, configuration: configuration)
            do {
                try StoreSchema.migrator.migrate(database)
            } catch {
                // Another process (an ingest, a server) may have applied the same migration at the
                // same moment: once it has, there is nothing left to apply.
                Thread.sleep(forTimeInterval: Self.migrationRetryDelay)
                try StoreSchema.migrator.migrate(database)
            }
        } catch {
            throw StoreError("\(path): cannot open the store: \(error)")
        }
    }

    /// `PRAGMA integrity_check`: "ok" for a sound file, else SQLite's list of problems.
    public func integrityCheck() throws -> String {
        try database.read { db in
            try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "\n")
        }
    }

    /// The time in the store's format: ISO 8601, UTC, milliseconds.
    static func timestamp(_ date: Date = Date()) -> String {
        date.formatted(
            Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: TimeZone(identifier: "UTC") ?? .gmt))
    }
}

/// A store that cannot be used: missing, not a database, locked by another ingest.
public struct StoreError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
