internal import CPopplerContent
import Foundation
import RatsdocCore

/// The text and the fills and strokes of a PDF's pages, read by `ccontent_read` (the C++ target
/// CPopplerContent) in one pass of poppler's content interpreter per page: the text exactly as
/// poppler-glib's `poppler_page_get_text`, `_get_text_layout` and `_get_text_attributes` give it
/// (the same text device, the same walks over its words), and the paths through the same device,
/// which draws nothing, so no glyph is rasterised and no image decoded. Every poppler object
/// lives and dies inside that call.
enum PageContent {
    /// Paths kept per page at most; a page that paints more is a drawing, not a table.
    static let maximumPathsPerPage: Int32 = 50_000
    /// Points kept per page at most (about 32 MiB of coordinates), for the same reason.
    static let maximumPointsPerPage: Int64 = 2_000_000

    /// One page's text as poppler-glib would give it.
    struct PageText {
        /// Zero-based.
        var index: Int
        /// False when poppler could not load the page (nothing else is set).
        var loaded: Bool
        var width = 0.0
        var height = 0.0
        var text = ""
        /// False where `poppler_page_get_text_layout` returns FALSE (the page has no text).
        var hasLayout = false
        /// One box per layout offset (line breaks included).
        var boxes: [BoundingBox] = []
        /// Font runs: name (subset prefix dropped), size, first and last layout offset.
        var runs: [(font: String, size: Double, start: Int, end: Int)] = []
    }

    /// What to do after a page's text.
    enum Next {
        case skipPaths, readPaths, stop
    }

    /// Reads every page in order: `page` sees its text and says whether its paths are wanted;
    /// `paths` then sees them, in painting order. A page's paths are gone before the next page is
    /// read. False when poppler's core cannot open the bytes.
    static func read(_ data: Data, page: (PageText) -> Next, paths: (Int, [PaintedPath]) -> Void) -> Bool {
        withoutActuallyEscaping(page) { page in
            withoutActuallyEscaping(paths) { paths in
                let reader = Reader(page: page, paths: paths)
                let status = data.withUnsafeBytes { raw -> Int32 in
                    guard let base = raw.baseAddress else { return 1 }
                    return withExtendedLifetime(reader) {
                        ccontent_read(
                            base, raw.count, maximumPathsPerPage, maximumPointsPerPage,
                            { visited, context in
                                guard let visited, let context else { return -1 }
                                let reader = Unmanaged<Reader>.fromOpaque(context).takeUnretainedValue()
                                switch reader.page(PageContent.convert(visited.pointee)) {
                                case .skipPaths: return 0
                                case .readPaths: return 1
                                case .stop: return -1
                                }
                            },
                            { _, painted, context in
                                guard let painted, let context else { return }
                                let reader = Unmanaged<Reader>.fromOpaque(context).takeUnretainedValue()
                                reader.pending.append(PageContent.convert(painted.pointee))
                            },
                            { pageIndex, context in
                                guard let context else { return }
                                let reader = Unmanaged<Reader>.fromOpaque(context).takeUnretainedValue()
                                reader.paths(Int(pageIndex), reader.pending)
                                reader.pending = []
                            }, Unmanaged.passUnretained(reader).toOpaque())
                    }
                }
                return status == 0
            }
        }
    }

    /// The callbacks of one read, and the paths of the page being read.
    private final class Reader {
        let page: (PageText) -> Next
        let paths: (Int, [PaintedPath]) -> Void
        var pending: [PaintedPath] = []

        init(page: @escaping (PageText) -> Next, paths: @escaping (Int, [PaintedPath]) -> Void) {
            self.page = page
            self.paths = paths
        }
    }

    private static func convert(_ visited: ccontent_page) -> PageText {
        var page = PageText(index: Int(visited.page_index), loaded: visited.loaded != 0)
        guard page.loaded else { return page }
        page.width = visited.width
        page.height = visited.height
        page.text = visited.text.map { String(cString: $0) } ?? ""
        page.hasLayout = visited.has_layout != 0
        if let boxes = visited.boxes, visited.box_count > 0 {
            page.boxes.reserveCapacity(Int(visited.box_count))
            for index in 0..<Int(visited.box_count) {
                page.boxes.append(
                    BoundingBox(
                        x0: boxes[4 * index], y0: boxes[4 * index + 1], x1: boxes[4 * index + 2],
                        y1: boxes[4 * index + 3]))
            }
        }
        if let runs = visited.runs, visited.run_count > 0 {
            page.runs.reserveCapacity(Int(visited.run_count))
            for index in 0..<Int(visited.run_count) {
                let run = runs[index]
                page.runs.append(
                    (
                        run.font_name.map { String(cString: $0) } ?? "", run.font_size, Int(run.start_index),
                        Int(run.end_index)
                    ))
            }
        }
        return page
    }

    private static func convert(_ painted: ccontent_painted_path) -> PaintedPath {
        let paint: PaintedPath.Paint
        switch painted.paint {
        case Int32(CCONTENT_STROKE.rawValue): paint = .stroke
        case Int32(CCONTENT_FILL_EVENODD.rawValue): paint = .fillEvenOdd
        default: paint = .fillNonZero
        }
        let cap: PaintedPath.LineCap =
            switch painted.line_cap {
            case 1: .round
            case 2: .projectingSquare
            default: .butt
            }
        var subpaths: [PaintedPath.Subpath] = []
        subpaths.reserveCapacity(Int(max(0, painted.subpath_count)))
        if let lengths = painted.subpath_lengths, let closed = painted.subpath_closed, let points = painted.points {
            var offset = 0
            for index in 0..<Int(max(0, painted.subpath_count)) {
                let count = Int(max(0, lengths[index]))
                var subpath: [PaintedPath.Point] = []
                subpath.reserveCapacity(count)
                for point in 0..<count {
                    subpath.append(
                        PaintedPath.Point(x: points[2 * (offset + point)], y: points[2 * (offset + point) + 1]))
                }
                offset += count
                subpaths.append(PaintedPath.Subpath(points: subpath, closed: closed[index] != 0))
            }
        }
        var dashes: [Double] = []
        if let pointer = painted.dashes, painted.dash_count > 0 {
            dashes = Array(UnsafeBufferPointer(start: pointer, count: Int(painted.dash_count)))
        }
        let clip = painted.clip
        return PaintedPath(
            paint: paint, grey: painted.grey, opacity: painted.opacity, lineWidth: painted.line_width, lineCap: cap,
            dashes: dashes,
            dashPhase: painted.dash_phase, clip: BoundingBox(x0: clip.0, y0: clip.1, x1: clip.2, y1: clip.3),
            subpaths: subpaths)
    }
}
