/* A header in the shape CPython ships. */
#define PY_RELEASE_LEVEL_FINAL  0xF

/* constants */
#define PY_MAJOR_VERSION        3
#define PY_MINOR_VERSION        12
#define PY_MICRO_VERSION        1
#define PY_RELEASE_LEVEL        PY_RELEASE_LEVEL_FINAL
#define PY_RELEASE_SERIAL       0

#define PY_VERSION              "3.12.1"
