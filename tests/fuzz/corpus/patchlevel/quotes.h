#define PY_VERSION "a\"b"
#define PY_MAJOR_VERSION 3
#define PY_MINOR_VERSION 11
char c = '/*';
