#ifndef RATSDOC_CPOPPLER_PATHS_H
#define RATSDOC_CPOPPLER_PATHS_H

// The vector paths a PDF page paints (fills and strokes), read through poppler's core with an
// output device that draws nothing: no glyphs are rasterised, no images decoded, no shadings
// or patterns expanded, nothing inside a soft mask reported.
//
// A plain C interface: the document, its pages and poppler's state live and die inside
// cpaths_collect; the visitor sees each painted path while it is painted and must copy what it
// keeps.
//
// poppler's global settings must exist while it runs: call it while a poppler-glib document is
// open (poppler-glib creates them with its first document and frees them with its last).

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    CPATHS_FILL_NONZERO = 0,
    CPATHS_FILL_EVENODD = 1,
    CPATHS_STROKE = 2,
} cpaths_paint;

/// One painted path, in points with the origin at the top-left of the page's crop box (the
/// coordinates of poppler-glib's text layout).
typedef struct {
    int32_t paint;            ///< a cpaths_paint
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
} cpaths_painted_path;

typedef void (*cpaths_visitor)(int32_t page_index, const cpaths_painted_path *path, void *context);
/// Called after each page's last path: the visitor's paths of that page are complete.
typedef void (*cpaths_page_done)(int32_t page_index, void *context);

/// Opens the PDF in `bytes` (not copied; it must stay valid during the call), and for each
/// zero-based page index in `pages` calls `visit` for every fill and stroke that page paints, in
/// painting order, then `done`. Curves: a fill's curve is replaced by its chord; a stroke's
/// subpath is cut at each curve (a curve is never a ruling). At most `maximum_paths` paths and
/// `maximum_points` points are reported per page; poppler stops interpreting a page that
/// reaches either.
/// Returns 0 when done, 1 when poppler could not open the document or its global settings do
/// not exist.
int32_t cpaths_collect(const void *bytes, size_t length, const int32_t *pages, int32_t page_count,
                       int32_t maximum_paths, int64_t maximum_points, cpaths_visitor visit,
                       cpaths_page_done done, void *context);

#ifdef __cplusplus
}
#endif

#endif
