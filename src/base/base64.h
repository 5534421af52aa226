/* Base64 encodings (RFC 4648). */
#ifndef WW_BASE64_H
#define WW_BASE64_H

#include "strbuf.h"

/* The URL-safe alphabet without '=' padding, as wheel RECORDs use. */
void base64_urlsafe_nopad(struct strbuf *out, const unsigned char *data, size_t len);

#endif
