// Reads the fills and strokes of PDF pages through poppler's core (see cpoppler_paths.h).

#include "cpoppler_paths.h"

#include <GfxState.h>
#include <GlobalParams.h>
#include <OutputDev.h>
#include <PDFDoc.h>
#include <Stream.h>

#include <memory>
#include <mutex>
#include <vector>

namespace {

/// An output device that reports fills and strokes and draws nothing else. Text is interpreted
/// (poppler must advance the text position) but no glyph is rasterised; Type 3 glyph programs,
/// images, shadings and tiling patterns are skipped.
class PathOutputDev final : public OutputDev {
public:
    PathOutputDev(int32_t pageIndex, int32_t maximumPaths, cpaths_visitor visit, void *context)
        : pageIndex(pageIndex), maximumPaths(maximumPaths), visit(visit), context(context) { }

    bool upsideDown() override { return true; }
    bool useDrawChar() override { return false; }
    bool interpretType3Chars() override { return false; }
    bool needNonText() override { return true; }
    bool useTilingPatternFill() override { return true; }
    bool useShadedFills(int /*type*/) override { return true; }
    bool tilingPatternFill(GfxState *, Gfx *, Catalog *, GfxTilingPattern *, const double *, int, int, int, int, double,
                           double) override { return true; }
    bool functionShadedFill(GfxState *, GfxFunctionShading *) override { return true; }
    bool axialShadedFill(GfxState *, GfxAxialShading *, double, double) override { return true; }
    bool radialShadedFill(GfxState *, GfxRadialShading *, double, double) override { return true; }
    bool gouraudTriangleShadedFill(GfxState *, GfxGouraudTriangleShading *) override { return true; }
    bool patchMeshShadedFill(GfxState *, GfxPatchMeshShading *) override { return true; }

    void stroke(GfxState *state) override { report(state, CPATHS_STROKE); }
    void fill(GfxState *state) override { report(state, CPATHS_FILL_NONZERO); }
    void eoFill(GfxState *state) override { report(state, CPATHS_FILL_EVENODD); }

    /// True once the page has painted `maximumPaths` paths: poppler stops interpreting it.
    bool exhausted() const { return reported >= maximumPaths; }

private:
    int32_t pageIndex;
    int32_t maximumPaths;
    int32_t reported = 0;
    cpaths_visitor visit;
    void *context;
    std::vector<double> points;
    std::vector<int32_t> lengths;
    std::vector<uint8_t> closed;
    std::vector<double> dashes;

    static double grey(const GfxRGB &rgb) {
        return 255.0 * (0.299 * colToDbl(rgb.r) + 0.587 * colToDbl(rgb.g) + 0.114 * colToDbl(rgb.b));
    }

    void report(GfxState *state, cpaths_paint paint) {
        if (exhausted()) { return; }
        const GfxPath *path = state->getPath();
        if (path == nullptr || path->getNumSubpaths() == 0) { return; }
        points.clear();
        lengths.clear();
        closed.clear();
        dashes.clear();
        for (int index = 0; index < path->getNumSubpaths(); index++) {
            const GfxSubpath *subpath = path->getSubpath(index);
            int32_t count = 0;
            for (int point = 0; point < subpath->getNumPoints(); point++) {
                if (subpath->getCurve(point)) { continue; } // a Bézier control point
                double x = 0, y = 0;
                state->transform(subpath->getX(point), subpath->getY(point), &x, &y);
                points.push_back(x);
                points.push_back(y);
                count++;
            }
            lengths.push_back(count);
            closed.push_back(subpath->isClosed() ? 1 : 0);
        }
        GfxRGB rgb;
        double opacity;
        if (paint == CPATHS_STROKE) {
            state->getStrokeRGB(&rgb);
            opacity = state->getStrokeOpacity();
            double phase = 0;
            for (double length : state->getLineDash(&phase)) { dashes.push_back(state->transformWidth(length)); }
            phase = state->transformWidth(phase);
            cpaths_painted_path painted = describe(state, paint, grey(rgb), opacity);
            painted.dash_phase = phase;
            send(painted);
        } else {
            state->getFillRGB(&rgb);
            opacity = state->getFillOpacity();
            send(describe(state, paint, grey(rgb), opacity));
        }
    }

    cpaths_painted_path describe(GfxState *state, cpaths_paint paint, double grey, double opacity) {
        cpaths_painted_path painted {};
        painted.paint = paint;
        double alpha = opacity < 0 ? 0 : (opacity > 1 ? 1 : opacity);
        painted.ink = 255.0 - alpha * (255.0 - grey);
        painted.line_width = state->getTransformedLineWidth();
        painted.line_cap = static_cast<int32_t>(state->getLineCap());
        state->getClipBBox(&painted.clip[0], &painted.clip[1], &painted.clip[2], &painted.clip[3]);
        painted.points = points.data();
        painted.subpath_lengths = lengths.data();
        painted.subpath_closed = closed.data();
        painted.subpath_count = static_cast<int32_t>(lengths.size());
        return painted;
    }

    void send(cpaths_painted_path painted) {
        painted.dashes = dashes.empty() ? nullptr : dashes.data();
        painted.dash_count = static_cast<int32_t>(dashes.size());
        reported++;
        visit(pageIndex, &painted, context);
    }
};

bool abortWhenExhausted(void *data) { return static_cast<PathOutputDev *>(data)->exhausted(); }

std::mutex globalParamsLock;

} // namespace

extern "C" int32_t cpaths_collect(const void *bytes, size_t length, const int32_t *pages, int32_t page_count,
                                  int32_t maximum_paths, cpaths_visitor visit, void *context) {
    if (bytes == nullptr || length == 0 || visit == nullptr) { return 1; }
    {
        // poppler-glib creates these on its first document; this keeps a call made before it safe.
        std::lock_guard<std::mutex> guard(globalParamsLock);
        if (!globalParams) { globalParams = std::make_unique<GlobalParams>(); }
    }
    // The stream borrows the caller's bytes; the document owns (and deletes) the stream.
    auto *stream = new MemStream(static_cast<const char *>(bytes), 0, static_cast<Goffset>(length), Object(objNull));
    PDFDoc document(stream);
    if (!document.isOk()) { return 1; }
    const int pageTotal = document.getNumPages();
    for (int32_t index = 0; index < page_count; index++) {
        const int32_t page = pages[index];
        if (page < 0 || page >= pageTotal) { continue; }
        PathOutputDev device(page, maximum_paths, visit, context);
        // As poppler-glib lays out text: 72 dpi, no extra rotation, the crop box.
        document.displayPage(&device, page + 1, 72.0, 72.0, 0, false, true, false, abortWhenExhausted, &device);
    }
    return 0;
}
