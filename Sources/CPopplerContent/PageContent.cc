// Reads the text and the painted paths of PDF pages in one pass through poppler's core (see
// cpoppler_content.h).

#include "cpoppler_content.h"

#include <Annot.h>
#include <Gfx.h>
#include <GfxState.h>
#include <GlobalParams.h>
#include <Page.h>
#include <PDFDoc.h>
#include <Stream.h>
#include <TextOutputDev.h>
#include <goo/GooString.h>
#include <goo/gmem.h>

#include <string>
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

/// The fills and strokes of one page, kept until the caller says whether it wants them.
class PathRecorder {
public:
    PathRecorder(int32_t maximumPaths, int64_t maximumPoints) : maximumPaths(maximumPaths), maximumPoints(maximumPoints) { }

    /// Paths inside a soft mask are not paint.
    int softMaskDepth = 0;

    void record(GfxState *state, ccontent_paint paint) {
        if (exhausted() || softMaskDepth > 0) { return; }
        const GfxPath *path = state->getPath();
        if (path == nullptr || path->getNumSubpaths() == 0) { return; }
        Entry entry {};
        entry.paint = paint;
        entry.pointStart = points.size();
        entry.subpathStart = lengths.size();
        entry.dashStart = dashes.size();
        const bool stroking = paint == CCONTENT_STROKE;
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
        entry.subpathCount = lengths.size() - entry.subpathStart;
        if (entry.subpathCount == 0) {
            points.resize(entry.pointStart);
            return;
        }
        pointsRecorded += static_cast<int64_t>((points.size() - entry.pointStart) / 2);
        GfxRGB rgb;
        if (stroking) {
            state->getStrokeRGB(&rgb);
            entry.opacity = state->getStrokeOpacity();
            double phase = 0;
            for (double length : state->getLineDash(&phase)) { dashes.push_back(state->transformWidth(length)); }
            entry.dashPhase = state->transformWidth(phase);
        } else {
            state->getFillRGB(&rgb);
            entry.opacity = state->getFillOpacity();
        }
        entry.dashCount = dashes.size() - entry.dashStart;
        entry.grey = white * (lumaRed * colToDbl(rgb.r) + lumaGreen * colToDbl(rgb.g) + lumaBlue * colToDbl(rgb.b));
        entry.lineWidth = state->getTransformedLineWidth();
        entry.lineCap = static_cast<int32_t>(state->getLineCap());
        state->getClipBBox(&entry.clip[0], &entry.clip[1], &entry.clip[2], &entry.clip[3]);
        entries.push_back(entry);
    }

    /// Shows every recorded path to `visit`, in painting order.
    void replay(int32_t pageIndex, ccontent_path_visitor visit, void *context) const {
        for (const Entry &entry : entries) {
            ccontent_painted_path painted {};
            painted.paint = entry.paint;
            painted.grey = entry.grey;
            painted.opacity = entry.opacity;
            painted.line_width = entry.lineWidth;
            painted.line_cap = entry.lineCap;
            for (int corner = 0; corner < 4; corner++) { painted.clip[corner] = entry.clip[corner]; }
            painted.dashes = entry.dashCount == 0 ? nullptr : dashes.data() + entry.dashStart;
            painted.dash_count = static_cast<int32_t>(entry.dashCount);
            painted.dash_phase = entry.dashPhase;
            painted.points = points.data() + entry.pointStart;
            painted.subpath_lengths = lengths.data() + entry.subpathStart;
            painted.subpath_closed = closed.data() + entry.subpathStart;
            painted.subpath_count = static_cast<int32_t>(entry.subpathCount);
            visit(pageIndex, &painted, context);
        }
    }

private:
    struct Entry {
        int32_t paint;
        double grey;
        double opacity;
        double lineWidth;
        int32_t lineCap;
        double clip[4];
        double dashPhase;
        size_t pointStart;
        size_t subpathStart;
        size_t subpathCount;
        size_t dashStart;
        size_t dashCount;
    };

    int32_t maximumPaths;
    int64_t maximumPoints;
    int64_t pointsRecorded = 0;
    std::vector<Entry> entries;
    std::vector<double> points;
    std::vector<int32_t> lengths;
    std::vector<uint8_t> closed;
    std::vector<double> dashes;

    bool exhausted() const {
        return static_cast<int64_t>(entries.size()) >= maximumPaths || pointsRecorded >= maximumPoints;
    }

    void endSubpath(int32_t count, bool isClosed) {
        if (count == 0) { return; }
        lengths.push_back(count);
        closed.push_back(isClosed ? 1 : 0);
    }
};

/// poppler-glib's text device (poppler_page_get_text_page makes the same one) that also records
/// the page's fills and strokes. What it answers beyond the text device changes no text: shaded
/// fills are taken as drawn (poppler would otherwise cut them into polygons), and transparency
/// groups are followed to leave out what a soft mask draws. With `textOn` false (while the
/// annotations are drawn, which poppler-glib's text leaves out) it records paths only.
class PageOutputDev final : public TextOutputDev {
public:
    explicit PageOutputDev(PathRecorder &recorder) : TextOutputDev(nullptr, true, 0, false, false), recorder(recorder) { }

    bool textOn = true;

    bool useShadedFills(int /*type*/) override { return true; }
    bool functionShadedFill(GfxState *, GfxFunctionShading *) override { return true; }
    bool axialShadedFill(GfxState *, GfxAxialShading *, double, double) override { return true; }
    bool radialShadedFill(GfxState *, GfxRadialShading *, double, double) override { return true; }
    bool gouraudTriangleShadedFill(GfxState *, GfxGouraudTriangleShading *) override { return true; }
    bool patchMeshShadedFill(GfxState *, GfxPatchMeshShading *) override { return true; }

    void beginTransparencyGroup(GfxState *, const double *, GfxColorSpace *, bool, bool, bool forSoftMask) override {
        groups.push_back(forSoftMask);
        if (forSoftMask) { recorder.softMaskDepth++; }
    }
    void endTransparencyGroup(GfxState *) override {
        if (groups.empty()) { return; }
        if (groups.back()) { recorder.softMaskDepth--; }
        groups.pop_back();
    }

    void stroke(GfxState *state) override {
        recorder.record(state, CCONTENT_STROKE);
        if (textOn) { TextOutputDev::stroke(state); }
    }
    void fill(GfxState *state) override {
        recorder.record(state, CCONTENT_FILL_NONZERO);
        if (textOn) { TextOutputDev::fill(state); }
    }
    void eoFill(GfxState *state) override {
        recorder.record(state, CCONTENT_FILL_EVENODD);
        if (textOn) { TextOutputDev::eoFill(state); }
    }

    void restoreState(GfxState *state) override {
        if (textOn) { TextOutputDev::restoreState(state); }
    }
    void updateFont(GfxState *state) override {
        if (textOn) { TextOutputDev::updateFont(state); }
    }
    void beginString(GfxState *state, const GooString *s) override {
        if (textOn) { TextOutputDev::beginString(state, s); }
    }
    void endString(GfxState *state) override {
        if (textOn) { TextOutputDev::endString(state); }
    }
    void drawChar(GfxState *state, double x, double y, double dx, double dy, double originX, double originY, CharCode c,
                  int nBytes, const Unicode *u, int uLen) override {
        if (textOn) { TextOutputDev::drawChar(state, x, y, dx, dy, originX, originY, c, nBytes, u, uLen); }
    }
    void incCharCount(int nChars) override {
        if (textOn) { TextOutputDev::incCharCount(nChars); }
    }
    void beginActualText(GfxState *state, const GooString *text) override {
        if (textOn) { TextOutputDev::beginActualText(state, text); }
    }
    void endActualText(GfxState *state) override {
        if (textOn) { TextOutputDev::endActualText(state); }
    }

private:
    PathRecorder &recorder;
    std::vector<bool> groups;
};

/// poppler-glib's get_font_name_from_word: the name without a subset prefix, "Default" if none.
std::string fontName(const TextWord *word, int index) {
    const GooString *name = word->getFontName(index);
    if (name == nullptr || name->getLength() == 0) { return "Default"; }
    int prefix = 0;
    while (prefix < name->getLength() && name->getChar(prefix) >= 'A' && name->getChar(prefix) <= 'Z') { prefix++; }
    const bool subset = prefix > 0 && prefix < name->getLength() && name->getChar(prefix) == '+';
    return std::string(name->c_str() + (subset ? prefix + 1 : 0));
}

/// poppler-glib's word_text_attributes_equal.
bool sameAttributes(const TextWord *a, int ai, const TextWord *b, int bi) {
    if (!a->getFontInfo(ai)->matches(b->getFontInfo(bi))) { return false; }
    if (a->getFontSize() != b->getFontSize()) { return false; }
    if (a->isUnderlined() != b->isUnderlined()) { return false; }
    double ar, ag, ab, br, bg, bb;
    a->getColor(&ar, &ag, &ab);
    b->getColor(&br, &bg, &bb);
    return ar == br && ag == bg && ab == bb;
}

/// The text layout and the font runs of `text` over `selection`, as poppler-glib's
/// poppler_page_get_text_layout_for_area and poppler_page_get_text_attributes_for_area compute
/// them (the same walk over the same words, run over one word list).
bool layoutAndRuns(TextPage *text, PDFRectangle *selection, std::vector<double> &boxes,
                   std::vector<std::string> &names, std::vector<ccontent_text_run> &runs) {
    int lineCount = 0;
    std::vector<TextWordSelection *> **lines = text->getSelectionWords(selection, selectionStyleGlyph, &lineCount);
    if (!lines) { return false; }

    // The number of boxes, counted as poppler-glib counts them (unsigned, as its guint).
    unsigned int boxCount = 0;
    boxCount += lineCount - 1;
    for (int i = 0; i < lineCount; i++) {
        std::vector<TextWordSelection *> *words = lines[i];
        boxCount += words->size() - 1;
        for (std::size_t j = 0; j < words->size(); j++) {
            const TextWordSelection *selected = (*words)[j];
            boxCount += selected->getEnd() - selected->getBegin();
            if (!selected->getWord()->hasSpaceAfter() && j < words->size() - 1) { boxCount--; }
        }
    }
    boxes.assign(static_cast<size_t>(boxCount) * 4, 0.0);

    unsigned int offset = 0;
    double *box = nullptr;
    double x1 = 0, y1 = 0, x2 = 0, y2 = 0;
    double x3, y3, x4, y4;
    // Runs: poppler-glib's attribute walk, offsets counted the same way.
    int runOffset = 0;
    const TextWord *previous = nullptr;
    int previousIndex = 0;
    ccontent_text_run *run = nullptr;
    // Where poppler-glib writes box `at`; past the counted boxes (which its own count rules
    // out), a scratch box, so a miscount cannot write outside the array.
    double scratch[4];
    auto boxAt = [&](unsigned int at) { return at < boxCount ? boxes.data() + static_cast<size_t>(at) * 4 : scratch; };

    for (int i = 0; i < lineCount; i++) {
        std::vector<TextWordSelection *> *words = lines[i];
        for (std::size_t j = 0; j < words->size(); j++) {
            TextWordSelection *selected = (*words)[j];
            const TextWord *word = selected->getWord();
            const int end = selected->getEnd();
            for (int k = selected->getBegin(); k < end; k++) {
                box = boxAt(offset);
                word->getCharBBox(k, &box[0], &box[1], &box[2], &box[3]);
                offset++;

                if (!previous || !sameAttributes(word, k, previous, previousIndex)) {
                    names.push_back(fontName(word, k));
                    runs.push_back(ccontent_text_run { nullptr, word->getFontSize(), runOffset, runOffset });
                }
                run = &runs.back();
                run->end_index = runOffset;
                runOffset++;
                previous = word;
                previousIndex = k;
            }
            box = boxAt(offset);
            word->getBBox(&x1, &y1, &x2, &y2);
            if (word->hasSpaceAfter() && j < words->size() - 1) {
                TextWordSelection *next = (*words)[j + 1];
                next->getWord()->getBBox(&x3, &y3, &x4, &y4);
                // The space runs from one word to the next, as high as the first.
                box[0] = x2;
                box[1] = y1;
                box[2] = x3;
                box[3] = y2;
                offset++;
                if (run) { run->end_index = runOffset; }
                runOffset++;
            }
            delete selected;
        }
        if (i < lineCount - 1 && offset > 0) {
            // The end of the line.
            box[0] = x2;
            box[1] = y2;
            box[2] = x2;
            box[3] = y2;
            offset++;
        }
        if (i < lineCount - 1) {
            if (run) { run->end_index = runOffset; }
            runOffset++;
        }
        delete words;
    }
    gfree(lines);
    for (size_t index = 0; index < runs.size(); index++) { runs[index].font_name = names[index].c_str(); }
    return true;
}

} // namespace

extern "C" int32_t ccontent_read(const void *bytes, size_t length, int32_t maximum_paths, int64_t maximum_points,
                                 ccontent_page_visitor visit_page, ccontent_path_visitor visit_path,
                                 ccontent_page_done done, void *context) {
    if (bytes == nullptr || length == 0 || visit_page == nullptr || visit_path == nullptr || done == nullptr) { return 1; }
    // Made and freed by poppler-glib around its documents (see the header).
    if (!globalParams) { return 1; }
    // The stream borrows the caller's bytes; the document owns (and deletes) the stream.
    auto *stream = new MemStream(static_cast<const char *>(bytes), 0, static_cast<Goffset>(length), Object(objNull));
    PDFDoc document(stream);
    if (!document.isOk()) { return 1; }
    const int pageTotal = document.getNumPages();
    for (int index = 0; index < pageTotal; index++) {
        ccontent_page visited {};
        visited.page_index = index;
        Page *page = document.getPage(index + 1);
        if (page == nullptr) {
            if (visit_page(&visited, context) < 0) { break; }
            continue;
        }
        visited.loaded = 1;
        // poppler_page_get_size.
        const int rotate = page->getRotate();
        const bool turned = rotate == 90 || rotate == 270;
        visited.width = turned ? page->getCropHeight() : page->getCropWidth();
        visited.height = turned ? page->getCropWidth() : page->getCropHeight();

        PathRecorder recorder(maximum_paths, maximum_points);
        PageOutputDev device(recorder);
        // As poppler_page_get_text_page: 72 dpi, no rotation, the crop box, not printing.
        Gfx *gfx = page->createGfx(&device, pointsPerInch, pointsPerInch, 0, false, true, -1, -1, -1, -1, false, nullptr,
                                   nullptr);
        page->display(gfx);
        // The annotations, as PDFDoc::displayPage draws them after the content, add paths only.
        device.textOn = false;
        Annots *annotations = page->getAnnots();
        if (annotations != nullptr) {
            for (Annot *annotation : annotations->getAnnots()) { annotation->draw(gfx, false); }
        }
        device.textOn = true;
        device.endPage();
        TextPage *text = device.takeText();
        delete gfx;

        // poppler_page_get_text, poppler_page_get_text_layout, poppler_page_get_text_attributes:
        // all over the whole page.
        PDFRectangle selection(0, 0, visited.width, visited.height);
        GooString *selected = text->getSelectionText(&selection, selectionStyleGlyph);
        std::vector<double> boxes;
        std::vector<std::string> names;
        std::vector<ccontent_text_run> runs;
        const bool hasLayout = layoutAndRuns(text, &selection, boxes, names, runs);
        text->decRefCnt();

        visited.text = selected->c_str();
        visited.has_layout = hasLayout ? 1 : 0;
        visited.boxes = boxes.data();
        visited.box_count = static_cast<int64_t>(boxes.size() / 4);
        visited.runs = runs.data();
        visited.run_count = static_cast<int64_t>(runs.size());
        const int32_t wanted = visit_page(&visited, context);
        delete selected;
        if (wanted < 0) { break; }
        if (wanted > 0) {
            recorder.replay(index, visit_path, context);
            done(index, context);
        }
    }
    return 0;
}
