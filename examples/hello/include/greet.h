#ifndef HELLO_GREET_H
#define HELLO_GREET_H

/* Writes "<greeting>, <name>!" into buf (at most size bytes). */
void hello_greet(char *buf, unsigned long size, const char *name);

#endif
