/*
 * Core metadata (METADATA in a wheel, PKG-INFO in an sdist) for a project.
 */
#ifndef WW_METADATA_H
#define WW_METADATA_H

#include "project.h"
#include "../base/strbuf.h"

/* Renders the project's core metadata (version 2.4) into out. */
int metadata_render(const struct project *p, struct strbuf *out, struct err *e);

/* PEP 503 / wheel file-name form of a project name: runs of -_. become '_', lowercase. */
void metadata_wheel_name(const char *name, struct strbuf *out);

#endif
