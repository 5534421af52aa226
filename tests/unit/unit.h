/*
 * A tiny unit-test harness. Each test file's main() calls RUN(fn) for its
 * tests and returns unit_end(). One line per test: "ok NAME" or
 * "FAIL NAME", read by tests/run.
 */
#ifndef WW_UNIT_H
#define WW_UNIT_H

#include <stdio.h>
#include <string.h>

static int unit_checks_failed;
static int unit_tests_failed;

#define CHECK(cond) \
	unit_check((cond) != 0, __FILE__, __LINE__, #cond)
#define CHECK_STR(got, want) \
	unit_check_str((got), (want), __FILE__, __LINE__, #got)
#define CHECK_INT(got, want) \
	unit_check_int((long long)(got), (long long)(want), __FILE__, __LINE__, #got)
#define RUN(fn) unit_run(#fn, fn)

static inline int unit_check(int ok, const char *file, int line,
			     const char *what)
{
	if (!ok) {
		fprintf(stderr, "%s:%d: check failed: %s\n", file, line, what);
		unit_checks_failed++;
	}
	return ok;
}

static inline int unit_check_str(const char *got, const char *want,
				 const char *file, int line, const char *what)
{
	if (got && want && !strcmp(got, want))
		return 1;
	fprintf(stderr, "%s:%d: %s\n  got:  '%s'\n  want: '%s'\n", file, line,
		what, got ? got : "(null)", want ? want : "(null)");
	unit_checks_failed++;
	return 0;
}

static inline int unit_check_int(long long got, long long want,
				 const char *file, int line, const char *what)
{
	if (got == want)
		return 1;
	fprintf(stderr, "%s:%d: %s: got %lld, want %lld\n", file, line, what,
		got, want);
	unit_checks_failed++;
	return 0;
}

static inline void unit_run(const char *name, void (*fn)(void))
{
	int before = unit_checks_failed;

	fn();
	if (unit_checks_failed == before) {
		printf("ok %s\n", name);
	} else {
		printf("FAIL %s\n", name);
		unit_tests_failed++;
	}
	fflush(stdout);
}

static inline int unit_end(void)
{
	return unit_tests_failed ? 1 : 0;
}

#endif
