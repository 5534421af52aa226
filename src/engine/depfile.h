/*
 * Reading the make-style dependency files compilers write with -MD -MF:
 * "obj.o: src.c /usr/include/stdio.h \" ... Spaces in names are escaped
 * "\ ", "$$" stands for "$". Only the first rule's prerequisites are taken.
 */
#ifndef WW_DEPFILE_H
#define WW_DEPFILE_H

#include "../base/err.h"
#include "../base/words.h"

int depfile_parse(const char *buf, size_t len, const char *file,
		  struct words *deps, struct err *e);

#endif
