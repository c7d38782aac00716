#ifndef RATSDOC_CLIBXML2_SHIM_H
#define RATSDOC_CLIBXML2_SHIM_H

/* libxml2 2.9.14 with ICU enabled clashes with Foundation's ICU types on Swift 6.3.1. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlerror.h>
#include <libxml/encoding.h>
#include <libxml/globals.h>

/// xmlFree is a global function-pointer variable, which Swift 6 rejects; call it through C.
static inline void cxml_free(void *pointer) {
    if (pointer != NULL) { xmlFree(pointer); }
}

#endif
