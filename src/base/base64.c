#include "base64.h"

void base64_urlsafe_nopad(struct strbuf *out, const unsigned char *data, size_t len)
{
	static const char abc[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	size_t i;

	for (i = 0; i + 2 < len; i += 3) {
		unsigned v = (unsigned)data[i] << 16 | (unsigned)data[i + 1] << 8 | data[i + 2];

		sb_addc(out, abc[v >> 18]);
		sb_addc(out, abc[(v >> 12) & 63]);
		sb_addc(out, abc[(v >> 6) & 63]);
		sb_addc(out, abc[v & 63]);
	}
	if (len - i == 1) {
		unsigned v = (unsigned)data[i] << 16;

		sb_addc(out, abc[v >> 18]);
		sb_addc(out, abc[(v >> 12) & 63]);
	} else if (len - i == 2) {
		unsigned v = (unsigned)data[i] << 16 | (unsigned)data[i + 1] << 8;

		sb_addc(out, abc[v >> 18]);
		sb_addc(out, abc[(v >> 12) & 63]);
		sb_addc(out, abc[(v >> 6) & 63]);
	}
}
