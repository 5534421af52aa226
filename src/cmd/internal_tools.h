/*
 * The tools of `wheelwright internal` (see internal.c), each taking the
 * arguments after its name and returning the exit status.
 */
#ifndef WW_INTERNAL_TOOLS_H
#define WW_INTERNAL_TOOLS_H

int internal_sysconfigdata(int argc, char **argv);
int internal_build_details(int argc, char **argv);
int internal_json(int argc, char **argv);
int internal_triple(int argc, char **argv);
int internal_triples(int argc, char **argv);
int internal_sysroot(int argc, char **argv);
int internal_ldcache(int argc, char **argv);
int internal_ld_find(int argc, char **argv);

#endif
