#ifndef WW_VERSION_H
#define WW_VERSION_H
#define WHEELWRIGHT_VERSION "0.1.0"
#endif
