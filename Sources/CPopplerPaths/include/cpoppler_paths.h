#ifndef RATSDOC_CPOPPLER_PATHS_H
#define RATSDOC_CPOPPLER_PATHS_H

// The vector paths a PDF page paints (fills and strokes), read through poppler's core with an
// output device that draws nothing: no glyphs are rasterised, no images decoded, no shadings
// or patterns expanded. poppler-glib has no API for paths.
//
// A plain C interface: the document, its pages and poppler's state live and die inside
// cpaths_collect; the visitor sees each painted path while it is painted and must copy what it
// keeps.

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
    double ink;               ///< the grey it leaves on white paper, 0 (black) … 255 (paper): colour and opacity
    double line_width;        ///< strokes: the width in points (0: the thinnest line the device can show)
    int32_t line_cap;         ///< strokes: 0 butt, 1 round, 2 projecting square
    double clip[4];           ///< the clip's bounding box: x0, y0, x1, y1
    const double *dashes;     ///< strokes: on/off lengths in points, none for a solid line
    int32_t dash_count;
    double dash_phase;
    const double *points;     ///< x, y pairs of the on-curve points (curves are replaced by their chords)
    const int32_t *subpath_lengths; ///< points per subpath
    const uint8_t *subpath_closed;  ///< 1 when the subpath was closed
    int32_t subpath_count;
} cpaths_painted_path;

typedef void (*cpaths_visitor)(int32_t page_index, const cpaths_painted_path *path, void *context);

/// Opens the PDF in `bytes` (not copied; it must stay valid during the call), and for each
/// zero-based page index in `pages` calls `visit` for every fill and stroke that page paints, in
/// painting order. At most `maximum_paths` paths are reported per page; the rest of a page
/// whose count reaches it is not interpreted.
/// Returns 0 when done, 1 when poppler could not open the document.
int32_t cpaths_collect(const void *bytes, size_t length, const int32_t *pages, int32_t page_count,
                       int32_t maximum_paths, cpaths_visitor visit, void *context);

#ifdef __cplusplus
}
#endif

#endif
