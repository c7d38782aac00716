internal import CPopplerPaths
import Foundation
import RatsdocCore

/// The fills and strokes of some pages of a PDF, read through poppler's core by `cpaths_collect`
/// (the C++ target CPopplerPaths): an output device that draws nothing, so no glyph is
/// rasterised and no image decoded. Every poppler object lives and dies inside that call.
enum PagePaths {
    /// Paths reported per page at most; a page that paints more is a drawing, not a table, and
    /// poppler stops interpreting it there.
    static let maximumPathsPerPage: Int32 = 50_000
    /// Points reported per page at most (about 32 MiB of coordinates), for the same reason.
    static let maximumPointsPerPage: Int64 = 2_000_000

    /// Calls `each` with every page of `pageIndices` (zero-based) and the paths it paints, in
    /// painting order, one page at a time: a page's paths are gone before the next page is read.
    /// False when poppler's core cannot open the bytes.
    static func collect(_ data: Data, pageIndices: [Int], each: (Int, [PaintedPath]) -> Void) -> Bool {
        guard !pageIndices.isEmpty else { return true }
        let pages = pageIndices.map { Int32(clamping: $0) }
        return withoutActuallyEscaping(each) { each in
            let collector = Collector(each: each)
            let status = data.withUnsafeBytes { raw -> Int32 in
                guard let base = raw.baseAddress else { return 1 }
                return pages.withUnsafeBufferPointer { pageBuffer in
                    withExtendedLifetime(collector) {
                        cpaths_collect(
                            base, raw.count, pageBuffer.baseAddress, Int32(pageBuffer.count), maximumPathsPerPage,
                            maximumPointsPerPage,
                            { _, painted, context in
                                guard let painted, let context else { return }
                                let collector = Unmanaged<Collector>.fromOpaque(context).takeUnretainedValue()
                                collector.paths.append(PagePaths.convert(painted.pointee))
                            },
                            { pageIndex, context in
                                guard let context else { return }
                                let collector = Unmanaged<Collector>.fromOpaque(context).takeUnretainedValue()
                                collector.each(Int(pageIndex), collector.paths)
                                collector.paths = []
                            }, Unmanaged.passUnretained(collector).toOpaque())
                    }
                }
            }
            return status == 0
        }
    }

    /// The paths of the page being read, and what to do with them.
    private final class Collector {
        var paths: [PaintedPath] = []
        let each: (Int, [PaintedPath]) -> Void

        init(each: @escaping (Int, [PaintedPath]) -> Void) { self.each = each }
    }

    private static func convert(_ painted: cpaths_painted_path) -> PaintedPath {
        let paint: PaintedPath.Paint
        switch painted.paint {
        case Int32(CPATHS_STROKE.rawValue): paint = .stroke
        case Int32(CPATHS_FILL_EVENODD.rawValue): paint = .fillEvenOdd
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
                    subpath.append(PaintedPath.Point(x: points[2 * (offset + point)], y: points[2 * (offset + point) + 1]))
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
