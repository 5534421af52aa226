#include "args.h"

#include <string.h>

void args_init(struct args *a, const char *cmd, int argc, char **argv)
{
	memset(a, 0, sizeof(*a));
	a->cmd = cmd;
	a->argc = argc;
	a->argv = argv;
	a->i = 0;
}

int args_next(struct args *a, char **arg)
{
	if (a->i >= a->argc)
		return 0;
	a->cur = a->argv[a->i++];
	a->inline_value = NULL;
	if (!a->only_positional && !strcmp(a->cur, "--")) {
		a->only_positional = 1;
		return args_next(a, arg);
	}
	*arg = a->cur;
	return 1;
}

int args_is_option(const struct args *a)
{
	return !a->only_positional && a->cur[0] == '-' && a->cur[1] != '\0';
}

int args_is(struct args *a, const char *longname, const char *shortname)
{
	const char *s = a->cur;
	size_t n;

	if (!args_is_option(a))
		return 0;
	if (longname && s[1] == '-') {
		n = strlen(longname);
		if (!strncmp(s + 2, longname, n) &&
		    (s[2 + n] == '\0' || s[2 + n] == '=')) {
			a->inline_value = s[2 + n] == '=' ? (char *)s + 3 + n : NULL;
			return 1;
		}
		return 0;
	}
	if (shortname && s[1] != '-') {
		n = strlen(shortname);
		if (!strncmp(s + 1, shortname, n)) {
			a->inline_value = s[1 + n] ? (char *)s + 1 + n : NULL;
			return 1;
		}
	}
	return 0;
}

int args_value(struct args *a, const char **value, struct err *e)
{
	if (a->inline_value) {
		*value = a->inline_value;
		return 0;
	}
	if (a->i >= a->argc) {
		err_set(e, "%s: option '%s' needs a value", a->cmd, a->cur);
		return err_hint(e, "run 'wheelwright %s --help'", a->cmd);
	}
	*value = a->argv[a->i++];
	return 0;
}

int args_unknown(struct args *a, struct err *e)
{
	if (args_is_option(a))
		err_set(e, "%s: unknown option '%s'", a->cmd, a->cur);
	else
		err_set(e, "%s: unexpected argument '%s'", a->cmd, a->cur);
	return err_hint(e, "run 'wheelwright %s --help'", a->cmd);
}
