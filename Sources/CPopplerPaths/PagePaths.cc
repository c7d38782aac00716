// Reads the fills and strokes of PDF pages through poppler's core (see cpoppler_paths.h).

#include "cpoppler_paths.h"

#include <GfxState.h>
#include <GlobalParams.h>
#include <OutputDev.h>
#include <PDFDoc.h>
#include <Stream.h>

#include <vector>

namespace {

/// The resolution of poppler-glib's text layout: one unit per point.
constexpr double pointsPerInch = 72.0;
/// ITU-R BT.601 luma weights: a colour's grey.
constexpr double lumaRed = 0.299;
constexpr double lumaGreen = 0.587;
constexpr double lumaBlue = 0.114;
/// White on the 0 … 255 grey scale.
constexpr double white = 255.0;

/// An output device that reports fills and strokes and draws nothing else. Text is interpreted
/// (poppler must advance the text position) but no glyph is rasterised; Type 3 glyph programs,
/// images, shadings and tiling patterns are skipped, and so is everything drawn inside a soft
/// mask (a mask is not paint).
class PathOutputDev final : public OutputDev {
public:
    PathOutputDev(int32_t pageIndex, int32_t maximumPaths, int64_t maximumPoints, cpaths_visitor visit, void *context)
        : pageIndex(pageIndex), maximumPaths(maximumPaths), maximumPoints(maximumPoints), visit(visit),
          context(context) { }

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

    void beginTransparencyGroup(GfxState *, const double *, GfxColorSpace *, bool, bool, bool forSoftMask) override {
        groups.push_back(forSoftMask);
        if (forSoftMask) { softMaskDepth++; }
    }
    void endTransparencyGroup(GfxState *) override {
        if (groups.empty()) { return; }
        if (groups.back()) { softMaskDepth--; }
        groups.pop_back();
    }

    void stroke(GfxState *state) override { report(state, CPATHS_STROKE); }
    void fill(GfxState *state) override { report(state, CPATHS_FILL_NONZERO); }
    void eoFill(GfxState *state) override { report(state, CPATHS_FILL_EVENODD); }

    /// True once the page has painted `maximumPaths` paths or `maximumPoints` points: poppler
    /// stops interpreting it.
    bool exhausted() const { return reported >= maximumPaths || pointsReported >= maximumPoints; }

private:
    int32_t pageIndex;
    int32_t maximumPaths;
    int64_t maximumPoints;
    int32_t reported = 0;
    int64_t pointsReported = 0;
    cpaths_visitor visit;
    void *context;
    std::vector<bool> groups;
    int softMaskDepth = 0;
    std::vector<double> points;
    std::vector<int32_t> lengths;
    std::vector<uint8_t> closed;
    std::vector<double> dashes;

    static double grey(const GfxRGB &rgb) {
        return white * (lumaRed * colToDbl(rgb.r) + lumaGreen * colToDbl(rgb.g) + lumaBlue * colToDbl(rgb.b));
    }

    void endSubpath(int32_t count, bool isClosed) {
        if (count == 0) { return; }
        lengths.push_back(count);
        closed.push_back(isClosed ? 1 : 0);
    }

    void report(GfxState *state, cpaths_paint paint) {
        if (exhausted() || softMaskDepth > 0) { return; }
        const GfxPath *path = state->getPath();
        if (path == nullptr || path->getNumSubpaths() == 0) { return; }
        points.clear();
        lengths.clear();
        closed.clear();
        dashes.clear();
        const bool stroking = paint == CPATHS_STROKE;
        for (int index = 0; index < path->getNumSubpaths(); index++) {
            const GfxSubpath *subpath = path->getSubpath(index);
            int32_t count = 0;
            bool curved = false;
            bool cut = false;
            for (int point = 0; point < subpath->getNumPoints(); point++) {
                if (subpath->getCurve(point)) { // a Bézier control point
                    curved = true;
                    continue;
                }
                double x = 0, y = 0;
                state->transform(subpath->getX(point), subpath->getY(point), &x, &y);
                if (curved && stroking) {
                    // A stroke is cut at the curve: its chord is not drawn.
                    endSubpath(count, false);
                    count = 0;
                    cut = true;
                }
                curved = false;
                points.push_back(x);
                points.push_back(y);
                count++;
            }
            endSubpath(count, subpath->isClosed() && !cut);
        }
        if (lengths.empty()) { return; }
        pointsReported += static_cast<int64_t>(points.size() / 2);
        GfxRGB rgb;
        cpaths_painted_path painted {};
        painted.paint = paint;
        if (stroking) {
            state->getStrokeRGB(&rgb);
            painted.opacity = state->getStrokeOpacity();
            double phase = 0;
            for (double length : state->getLineDash(&phase)) { dashes.push_back(state->transformWidth(length)); }
            painted.dash_phase = state->transformWidth(phase);
        } else {
            state->getFillRGB(&rgb);
            painted.opacity = state->getFillOpacity();
        }
        painted.grey = grey(rgb);
        painted.line_width = state->getTransformedLineWidth();
        painted.line_cap = static_cast<int32_t>(state->getLineCap());
        state->getClipBBox(&painted.clip[0], &painted.clip[1], &painted.clip[2], &painted.clip[3]);
        painted.points = points.data();
        painted.subpath_lengths = lengths.data();
        painted.subpath_closed = closed.data();
        painted.subpath_count = static_cast<int32_t>(lengths.size());
        painted.dashes = dashes.empty() ? nullptr : dashes.data();
        painted.dash_count = static_cast<int32_t>(dashes.size());
        reported++;
        visit(pageIndex, &painted, context);
    }
};

bool abortWhenExhausted(void *data) { return static_cast<PathOutputDev *>(data)->exhausted(); }

} // namespace

extern "C" int32_t cpaths_collect(const void *bytes, size_t length, const int32_t *pages, int32_t page_count,
                                  int32_t maximum_paths, int64_t maximum_points, cpaths_visitor visit,
                                  cpaths_page_done done, void *context) {
    if (bytes == nullptr || length == 0 || visit == nullptr || done == nullptr) { return 1; }
    // Made and freed by poppler-glib around its documents (see the header).
    if (!globalParams) { return 1; }
    // The stream borrows the caller's bytes; the document owns (and deletes) the stream.
    auto *stream = new MemStream(static_cast<const char *>(bytes), 0, static_cast<Goffset>(length), Object(objNull));
    PDFDoc document(stream);
    if (!document.isOk()) { return 1; }
    const int pageTotal = document.getNumPages();
    for (int32_t index = 0; index < page_count; index++) {
        const int32_t page = pages[index];
        if (page < 0 || page >= pageTotal) { continue; }
        PathOutputDev device(page, maximum_paths, maximum_points, visit, context);
        // As poppler-glib lays out text: no extra rotation, the crop box.
        document.displayPage(&device, page + 1, pointsPerInch, pointsPerInch, 0, false, true, false, abortWhenExhausted,
                             &device);
        done(page, context);
    }
    return 0;
}
