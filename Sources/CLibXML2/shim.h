#ifndef SCR_CLIBXML2_SHIM_H
#define SCR_CLIBXML2_SHIM_H
// Debian builds libxml2 with ICU, so encoding.h would include the system's <unicode/ucnv.h>, whose
// types clash with Foundation's own ICU. The engine never touches xmlCharEncodingHandler's ICU
// members (it hands libxml2 UTF-8 only), so hide them.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>
#endif
