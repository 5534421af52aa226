/*
 * Catching SIGINT, SIGTERM and SIGHUP while child jobs run, so that the job
 * loop can stop its children (they run in their own process groups and do
 * not get the terminal's signals) and then die of the same signal.
 */
#ifndef WW_SIGNALS_H
#define WW_SIGNALS_H

void signals_catch(void);
/* The signal caught since signals_catch(), or 0. */
int signals_caught(void);
/* Restores the previous handlers. */
void signals_restore(void);
/* Restores the handlers and raises sig again (does not return if fatal). */
void signals_reraise(int sig);

#endif
