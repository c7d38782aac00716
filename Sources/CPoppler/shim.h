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

#endif
