import ArgumentParser
import Foundation
import RatsdocCore
import RatsdocExtract
import RatsdocPipeline

/// `ratsdoc bench --batch N`: an archive-sized batch, as users run it.
///
/// Makes N Vorlage PDFs from the fixture PDFs (rendered from the committed sources by
/// `Fixtures/pdf/make-fixtures.sh`: LibreOffice, Chromium, and the RIS generator): copy k of
/// fixture i, with a PDF comment naming k appended after its end, so every file has its own bytes
/// (and its own sha256) while the parsing work stays that of a real rendering. Then, for `--jobs 1`
/// and `--jobs 2`, times `pdftotext -tsv` over the same files (one process per file, that many at
/// a time, as `xargs -P` runs it), `ratsdoc convert --output` and `ratsdoc ingest` into a new
/// store, and reports docs/s, pages/s, the peak RSS of the ratsdoc process and of its largest
/// worker (from the run report), and the time ratio against pdftotext.
struct BatchBench {
    let count: Int
    let directory: URL
    let sources: [String]
    let pipelines: String?
    let keep: Bool

    /// The fixture PDFs a batch is made of: the Vorlagen (`*vorlage*.pdf`), not the broken files.
    static func fixturePDFs(in folder: String) -> [String] {
        InputFiles.expand([folder], extensions: ["pdf"]).files.filter {
            ($0 as NSString).lastPathComponent.contains("vorlage")
        }
    }

    func run() throws -> String {
        let manager = FileManager.default
        guard !sources.isEmpty else { throw ValidationError("no fixture PDFs to make a batch from") }
        let made = Date()
        var pagesOf: [String: Int] = [:]
        for source in sources {
            pagesOf[source] = (try? PDFExtractor().extract(path: source))?.pages.count ?? 0
        }
        let batch = directory.appendingPathComponent("pdf")
        try? manager.removeItem(at: batch)
        var pages = 0
        for index in 0..<count {
            let source = sources[index % sources.count]
            var data = try Data(contentsOf: URL(fileURLWithPath: source))
            data.append(Data("\n%ratsdoc-batch copy \(index)\n".utf8))
            // Folders of 1,000, as archives are kept.
            let folder = batch.appendingPathComponent(String(format: "%03d", index / 1000))
            try manager.createDirectory(at: folder, withIntermediateDirectories: true)
            let name = String(format: "%06d-", index) + (source as NSString).lastPathComponent
            try data.write(to: folder.appendingPathComponent(name))
            pages += pagesOf[source] ?? 0
        }
        var report =
            "batch: \(count) PDFs, \(pages) pages, made in \(String(format: "%.1f", Date().timeIntervalSince(made))) s "
            + "from \(sources.count) fixture renderings (each copy has its own bytes) in \(batch.path)\n"
        report += Self.row("tool", "jobs", "seconds", "docs/s", "pages/s", "RSS MiB: parent", "largest worker", "ratio")
        let files = InputFiles.expand([batch.path], extensions: ["pdf"]).files
        guard let pdftotext = BenchCommand.which("pdftotext") else {
            throw ValidationError("pdftotext not found on PATH (Debian: apt-get install poppler-utils)")
        }
        for jobs in [1, 2] {
            // Warm the page cache for both sides.
            for file in files { BenchCommand.warm(file) }
            let started = Date()
            try BenchCommand.runParallel(files.map { (pdftotext, ["-q", "-tsv", $0, "/dev/null"]) }, jobs: jobs)
            let theirs = Date().timeIntervalSince(started)
            report += Self.row(
                "pdftotext -tsv", "\(jobs)", String(format: "%.1f", theirs), Self.rate(count, theirs),
                Self.rate(pages, theirs), "-", "-", "1.00")

            let output = directory.appendingPathComponent("out-\(jobs)")
            try? manager.removeItem(at: output)
            let convertReport = directory.appendingPathComponent("convert-\(jobs).json")
            var arguments = [
                "convert", "--quiet", "--jobs", "\(jobs)", "--output", output.path, "--report", convertReport.path,
            ]
            if let pipelines { arguments += ["--pipelines", pipelines] }
            let convertSeconds = try timed(arguments + [batch.path])
            let convertMemory = Self.peakMemory(convertReport)
            report += Self.row(
                "ratsdoc convert", "\(jobs)", String(format: "%.1f", convertSeconds), Self.rate(count, convertSeconds),
                Self.rate(pages, convertSeconds), convertMemory.parent, convertMemory.workers,
                String(format: "%.2f", convertSeconds / max(theirs, 1e-9)))

            let store = directory.appendingPathComponent("store-\(jobs).sqlite")
            for suffix in ["", "-wal", "-shm", ".lock"] { try? manager.removeItem(atPath: store.path + suffix) }
            let ingestReport = directory.appendingPathComponent("ingest-\(jobs).json")
            arguments = [
                "ingest", "--quiet", "--jobs", "\(jobs)", "--store", store.path, "--report", ingestReport.path,
            ]
            if let pipelines { arguments += ["--pipelines", pipelines] }
            let ingestSeconds = try timed(arguments + [batch.path])
            let ingestMemory = Self.peakMemory(ingestReport)
            report += Self.row(
                "ratsdoc ingest", "\(jobs)", String(format: "%.1f", ingestSeconds), Self.rate(count, ingestSeconds),
                Self.rate(pages, ingestSeconds), ingestMemory.parent, ingestMemory.workers,
                String(format: "%.2f", ingestSeconds / max(theirs, 1e-9)))
        }
        report += "ratio: ratsdoc seconds / pdftotext seconds over the same files with the same parallelism (below 1: ratsdoc is faster)\n"
        if !keep { try? manager.removeItem(at: directory) }
        return report
    }

    /// Runs the ratsdoc binary with `arguments`; its wall time in seconds.
    private func timed(_ arguments: [String]) throws -> Double {
        let started = Date()
        try BenchCommand.runQuietly(BatchRun.executablePath(), arguments)
        return Date().timeIntervalSince(started)
    }

    /// The peak RSS figures of a run report (`peakResidentMiB`), formatted.
    static func peakMemory(_ report: URL) -> (parent: String, workers: String) {
        guard let data = try? Data(contentsOf: report),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let peaks = object["peakResidentMiB"] as? [String: Double]
        else { return ("?", "?") }
        return (String(format: "%.1f", peaks["parent"] ?? 0), String(format: "%.1f", peaks["workers"] ?? 0))
    }

    static func rate(_ amount: Int, _ seconds: Double) -> String {
        String(format: "%.1f", Double(amount) / max(seconds, 1e-9))
    }

    static func row(_ columns: String...) -> String {
        let widths = [18, 6, 10, 9, 9, 17, 16, 6]
        return zip(columns, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined()
            .trimmingCharacters(in: .whitespaces) + "\n"
    }
}
