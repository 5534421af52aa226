#define PY_MAJOR_VERSION 3
#define PY_MINOR_VERSION 1x
/* unterminated