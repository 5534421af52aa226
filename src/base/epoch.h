/* The timestamp reproducible outputs carry (DESIGN.md invariant 5). */
#ifndef WW_EPOCH_H
#define WW_EPOCH_H

#include "err.h"

/* SOURCE_DATE_EPOCH from the environment; 0 (1970, so 1980 in zips) when unset. */
int source_date_epoch(long long *epoch, struct err *e);

#endif
