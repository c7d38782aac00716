#ifndef RATSDOC_CPOPPLER_SHIM_H
#define RATSDOC_CPOPPLER_SHIM_H

#include <poppler.h>
#include <glib.h>
#include <cairo.h>
#include <stdint.h>

/// g_object_unref takes a gpointer; this keeps the cast in C.
static inline void cpoppler_unref(void *object) {
    if (object != NULL) { g_object_unref(object); }
}

/// Silences poppler's own g_log output (it writes warnings for every malformed object to stderr).
static void cpoppler_quiet_log(const gchar *domain, GLogLevelFlags level, const gchar *message, gpointer data) {
    (void)domain; (void)level; (void)message; (void)data;
}
static inline void cpoppler_silence_logs(void) {
    g_log_set_handler("Poppler", (GLogLevelFlags)(G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL | G_LOG_FLAG_RECURSION),
                      cpoppler_quiet_log, NULL);
}

/// Creation or modification date as seconds since 1970; returns 0 when the document has none.
static inline gint64 cpoppler_date_unix(GDateTime *value) {
    if (value == NULL) { return 0; }
    gint64 seconds = g_date_time_to_unix(value);
    g_date_time_unref(value);
    return seconds;
}

/// Renders the page at `scale` pixels per point onto white, into `out` (width × height bytes,
/// row by row) as 8-bit grey. Every cairo handle is made and destroyed here. Returns 1 when
/// cairo reported no error.
static inline int cpoppler_render_gray(PopplerPage *page, double scale, int width, int height, uint8_t *out) {
    if (page == NULL || out == NULL || width <= 0 || height <= 0) { return 0; }
    cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
    if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(surface);
        return 0;
    }
    cairo_t *cr = cairo_create(surface);
    cairo_set_source_rgb(cr, 1.0, 1.0, 1.0);
    cairo_paint(cr);
    cairo_scale(cr, scale, scale);
    poppler_page_render(page, cr);
    int ok = cairo_status(cr) == CAIRO_STATUS_SUCCESS;
    cairo_destroy(cr);
    cairo_surface_flush(surface);
    const unsigned char *data = cairo_image_surface_get_data(surface);
    int stride = cairo_image_surface_get_stride(surface);
    if (data == NULL) { ok = 0; }
    for (int y = 0; ok && y < height; y++) {
        const uint32_t *row = (const uint32_t *)(data + (size_t)y * (size_t)stride);
        uint8_t *target = out + (size_t)y * (size_t)width;
        for (int x = 0; x < width; x++) {
            uint32_t pixel = row[x];
            uint32_t r = (pixel >> 16) & 0xff, g = (pixel >> 8) & 0xff, b = pixel & 0xff;
            target[x] = (uint8_t)((r * 77 + g * 150 + b * 29) >> 8);
        }
    }
    cairo_surface_destroy(surface);
    return ok;
}

#endif
