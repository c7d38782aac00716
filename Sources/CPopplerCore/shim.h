#ifndef RATSDOC_CPOPPLERCORE_SHIM_H
#define RATSDOC_CPOPPLERCORE_SHIM_H

// poppler's own (C++) core, through pkg-config `poppler` (Debian: libpoppler-private-dev).
// Only the C++ target CPopplerContent compiles against it; Swift never imports this module.
// The header named here is plain C (configuration macros), so the module map stays valid.
#include <poppler-config.h>

#endif
