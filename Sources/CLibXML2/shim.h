// Helpers for calling libxml2 from Swift 6.
//
// Swift 6 rejects C globals that are not concurrency-safe (xmlFree is a global function
// pointer), and it cannot build a C function pointer that captures state. The functions
// here are static inline so the system library target needs no compiled C of its own.
#ifndef BATON_CLIBXML2_SHIM_H
#define BATON_CLIBXML2_SHIM_H

#include <stdint.h>
#include <string.h>
#include <libxml/xmlversion.h>
// libxml2 built with ICU clashes with Foundation's ICU types (UErrorCode): xmlversion.h
// defines LIBXML_ICU_ENABLED, and encoding.h then includes ICU's headers. Undo it after
// xmlversion.h (include-guarded, so it is not redefined) and before everything else.
#undef LIBXML_ICU_ENABLED

#include <pthread.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/globals.h>

/// Frees memory that libxml2 allocated (xmlFree is a global function pointer).
static inline void baton_xml_free(void *pointer) {
    xmlFree(pointer);
}

/// An external entity loader that loads nothing: no file, no network, ever.
static inline xmlParserInputPtr baton_refuse_external_entity(const char *url, const char *id,
                                                             xmlParserCtxtPtr context) {
    (void)url; (void)id; (void)context;
    return NULL;
}

/// A generic error handler that prints nothing. libxml2 reports some problems (encoding
/// conversion failures) only through this global channel, straight to stderr.
static inline void baton_silent_generic_error(void *context, const char *message, ...) {
    (void)context; (void)message;
}

static inline void baton_xml_global_setup(void) {
    xmlInitParser();
    xmlSetExternalEntityLoader(baton_refuse_external_entity);
    xmlThrDefSetGenericErrorFunc(NULL, baton_silent_generic_error);
}

/// Initialises libxml2 once per process and installs the refusing entity loader.
static inline void baton_xml_initialize(void) {
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, baton_xml_global_setup);
}

/// What Baton's handlers record while libxml2 parses one document. It lives in the
/// parser context's `_private` slot.
typedef struct {
    /// The line of a refused `<!DOCTYPE`, or 0.
    int doctypeLine;
    /// Whether `firstError` holds a copy of the first error libxml2 reported.
    int hasError;
    xmlError firstError;
} baton_parse_state;

/// SAX callback for `<!DOCTYPE ...>`: a BPMN file never needs a DTD, and refusing it outright
/// stops XXE and entity-expansion attacks before any entity is declared. Records the line of
/// the declaration and stops the parser.
static inline void baton_refuse_doctype(void *context, const xmlChar *name,
                                        const xmlChar *externalID, const xmlChar *systemID) {
    (void)name; (void)externalID; (void)systemID;
    xmlParserCtxtPtr ctxt = (xmlParserCtxtPtr)context;
    baton_parse_state *state = (baton_parse_state *)ctxt->_private;
    if (state != NULL && state->doctypeLine == 0) {
        state->doctypeLine = (ctxt->input != NULL && ctxt->input->line > 0) ? ctxt->input->line : 1;
    }
    xmlStopParser(ctxt);
}

/// Structured error callback: keeps the *first* error (later ones are usually echoes of it,
/// such as "Premature end of data" after an unclosed tag). Nothing is printed.
static inline void baton_record_error(void *userData, xmlErrorPtr error) {
    xmlParserCtxtPtr ctxt = (xmlParserCtxtPtr)userData;
    if (ctxt == NULL || error == NULL) return;
    baton_parse_state *state = (baton_parse_state *)ctxt->_private;
    if (state == NULL || state->hasError || error->level < XML_ERR_ERROR) return;
    if (xmlCopyError(error, &state->firstError) == 0) state->hasError = 1;
}

/// A parser context whose DOCTYPE handler refuses the document and whose errors go to
/// `state` instead of standard error.
static inline xmlParserCtxtPtr baton_new_safe_parser_context(baton_parse_state *state) {
    baton_xml_initialize();
    // The handler is per thread in libxml2; set it on the thread that parses.
    xmlSetGenericErrorFunc(NULL, baton_silent_generic_error);
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (ctxt == NULL) return NULL;
    state->doctypeLine = 0;
    state->hasError = 0;
    memset(&state->firstError, 0, sizeof(xmlError));
    ctxt->_private = state;
    ctxt->userData = ctxt;
    ctxt->sax->internalSubset = baton_refuse_doctype;
    ctxt->sax->externalSubset = NULL;
    ctxt->sax->resolveEntity = NULL;
    ctxt->sax->serror = baton_record_error;
    // Errors raised outside the parser (encoding conversion, I/O) skip the context's
    // handler and go to the thread's structured handler: point it at the same recorder,
    // so they are neither printed nor lost.
    xmlSetStructuredErrorFunc(ctxt, baton_record_error);
    return ctxt;
}

/// Frees a context from `baton_new_safe_parser_context` and detaches the thread's
/// structured error handler from it.
static inline void baton_free_safe_parser_context(xmlParserCtxtPtr ctxt) {
    xmlSetStructuredErrorFunc(NULL, NULL);
    xmlFreeParserCtxt(ctxt);
}

/// The first error recorded, or NULL.
static inline xmlErrorPtr baton_first_error(baton_parse_state *state) {
    return state->hasError ? &state->firstError : NULL;
}

/// Frees what `baton_record_error` copied.
static inline void baton_reset_parse_state(baton_parse_state *state) {
    if (state->hasError) xmlResetError(&state->firstError);
    state->hasError = 0;
}

#endif
