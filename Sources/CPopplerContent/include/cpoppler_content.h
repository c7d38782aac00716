#ifndef RATSDOC_CPOPPLER_CONTENT_H
#define RATSDOC_CPOPPLER_CONTENT_H

// What a PDF page shows, read through poppler's core in one pass over its content: the text as
// poppler-glib gives it (poppler_page_get_text, poppler_page_get_text_layout,
// poppler_page_get_text_attributes, reproduced on the same TextOutputDev) and the vector paths
// it paints (fills and strokes). The output device draws nothing: no glyph is rasterised, no
// image decoded, no shading or pattern expanded, and nothing inside a soft mask is reported.
//
// A plain C interface: the document, its pages and poppler's state live and die inside
// ccontent_read; the visitors see each page and each painted path while they exist and must
// copy what they keep.
//
// poppler's global settings must exist while it runs: call it while a poppler-glib document is
// open (poppler-glib creates them with its first document and frees them with its last).

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    CCONTENT_FILL_NONZERO = 0,
    CCONTENT_FILL_EVENODD = 1,
    CCONTENT_STROKE = 2,
} ccontent_paint;

/// One painted path, in points with the origin at the top-left of the page's crop box (the
/// coordinates of the text layout).
typedef struct {
    int32_t paint;            ///< a ccontent_paint
    double grey;              ///< the colour as grey, 0 (black) … 255 (white)
    double opacity;           ///< 0 … 1
    double line_width;        ///< strokes: the width in points (0: the thinnest line the device can show)
    int32_t line_cap;         ///< strokes: 0 butt, 1 round, 2 projecting square
    double clip[4];           ///< the clip's bounding box: x0, y0, x1, y1
    const double *dashes;     ///< strokes: on/off lengths in points, none for a solid line
    int32_t dash_count;
    double dash_phase;
    const double *points;     ///< x, y pairs of the on-curve points
    const int32_t *subpath_lengths; ///< points per subpath
    const uint8_t *subpath_closed;  ///< 1 when the subpath was closed
    int32_t subpath_count;
} ccontent_painted_path;

/// A run of text in one font, as a PopplerTextAttributes of poppler_page_get_text_attributes.
typedef struct {
    const char *font_name;    ///< the font's name, its subset prefix ("ABCDEF+") dropped; "Default" when unnamed
    double font_size;
    int32_t start_index;      ///< the run's first and last offset in the layout (inclusive)
    int32_t end_index;
} ccontent_text_run;

/// One page's text.
typedef struct {
    int32_t page_index;       ///< zero-based
    int32_t loaded;           ///< 0 when poppler could not load the page: nothing below is set
    double width;             ///< poppler_page_get_size: the crop box, turned by the page's rotation
    double height;
    const char *text;         ///< poppler_page_get_text (UTF-8, NUL-terminated)
    int32_t has_layout;       ///< 0 where poppler_page_get_text_layout returns FALSE (no text)
    const double *boxes;      ///< poppler_page_get_text_layout: x1, y1, x2, y2 per layout offset
    int64_t box_count;
    const ccontent_text_run *runs; ///< poppler_page_get_text_attributes, in order
    int64_t run_count;
} ccontent_page;

/// Sees a page's text after its content was read. Returns 1 to be shown the paths the page
/// paints, 0 not to, -1 to stop reading the document.
typedef int32_t (*ccontent_page_visitor)(const ccontent_page *page, void *context);
/// Sees one painted path of the page last visited (when that visit returned 1).
typedef void (*ccontent_path_visitor)(int32_t page_index, const ccontent_painted_path *path, void *context);
/// Called after each page whose paths were asked for: its paths are complete.
typedef void (*ccontent_page_done)(int32_t page_index, void *context);

/// Opens the PDF in `bytes` (not copied; it must stay valid during the call) and reads its pages
/// in order, each in one pass of poppler's content interpreter: `visit_page` sees its text, then
/// `visit_path` each fill and stroke it paints (its annotations' too), in painting order, then
/// `done`. Curves: a fill's curve is replaced by its chord; a stroke's subpath is cut at each
/// curve (a curve is never a ruling). At most `maximum_paths` paths and `maximum_points` points
/// are kept per page (the text is read whole).
/// Returns 0 when done (or stopped), 1 when poppler could not open the document or its global
/// settings do not exist.
int32_t ccontent_read(const void *bytes, size_t length, int32_t maximum_paths, int64_t maximum_points,
                      ccontent_page_visitor visit_page, ccontent_path_visitor visit_path, ccontent_page_done done,
                      void *context);

#ifdef __cplusplus
}
#endif

#endif
