#include "signals.h"

#include <signal.h>
#include <string.h>

static volatile sig_atomic_t caught;
static struct sigaction saved[3];
static const int sigs[3] = { SIGINT, SIGTERM, SIGHUP };

static void on_signal(int sig)
{
	caught = sig;
}

void signals_catch(void)
{
	struct sigaction sa;
	int i;

	caught = 0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: poll() must return so the loop sees the signal. */
	for (i = 0; i < 3; i++)
		sigaction(sigs[i], &sa, &saved[i]);
}

int signals_caught(void)
{
	return caught;
}

void signals_restore(void)
{
	int i;

	for (i = 0; i < 3; i++)
		sigaction(sigs[i], &saved[i], NULL);
}

void signals_reraise(int sig)
{
	signals_restore();
	raise(sig);
}
