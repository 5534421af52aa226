// c++ comment #define PY_MAJOR_VERSION 2
  #  define	PY_MAJOR_VERSION 3 /* a
 b */
#define PY_MINOR_VERSION 13// x
#define PY_VERSION "3.13.0a1+"
