#include "utf8.h"

size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t need, i;
	unsigned long cp;

	if (!n)
		return 0;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		need = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		need = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		need = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (n < need)
		return 0;
	for (i = 1; i < need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((need == 3 && cp < 0x800) || (need == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return need;
}

void utf8_add(struct strbuf *sb, unsigned long cp)
{
	if (cp < 0x80) {
		sb_addc(sb, (int)cp);
	} else if (cp < 0x800) {
		sb_addc(sb, (int)(0xc0 | (cp >> 6)));
		sb_addc(sb, (int)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		sb_addc(sb, (int)(0xe0 | (cp >> 12)));
		sb_addc(sb, (int)(0x80 | ((cp >> 6) & 0x3f)));
		sb_addc(sb, (int)(0x80 | (cp & 0x3f)));
	} else {
		sb_addc(sb, (int)(0xf0 | (cp >> 18)));
		sb_addc(sb, (int)(0x80 | ((cp >> 12) & 0x3f)));
		sb_addc(sb, (int)(0x80 | ((cp >> 6) & 0x3f)));
		sb_addc(sb, (int)(0x80 | (cp & 0x3f)));
	}
}
