# wheelwright: a plain Makefile. `make` needs a C compiler, libc and zlib.
#
#   make            build ./wheelwright
#   make check      build, then run every test, then again under ASan+UBSan
#   make demo       build and run the main job on the built-in example
#   make fuzz       run each libFuzzer harness for a bounded time
#   make asan       build build/asan/wheelwright only

CC      ?= cc
CFLAGS  ?= -O2 -g
WARN    = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
          -Wmissing-prototypes -Wvla -Wformat=2 -Wno-format-nonliteral
STD     = -std=c11 -D_GNU_SOURCE
LDLIBS  = -lz
BUILD   ?= build/release
SANFLAGS =

ALL_CFLAGS = $(STD) $(WARN) $(CFLAGS) $(SANFLAGS) -MMD -MP
LIB_SRC = $(filter-out src/main.c, $(wildcard src/*.c src/*/*.c))
LIB_OBJ = $(LIB_SRC:%.c=$(BUILD)/%.o)
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all check demo fuzz asan unit clean dist
.SUFFIXES:
.SECONDARY:

all: wheelwright

wheelwright: $(BUILD)/wheelwright
	cp $(BUILD)/wheelwright $@

$(BUILD)/wheelwright: $(BUILD)/src/main.o $(BUILD)/libww.a
	$(CC) $(CFLAGS) $(SANFLAGS) -o $@ $^ $(LDFLAGS) $(LDLIBS)

$(BUILD)/libww.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: $(BUILD)/tests/%.o $(BUILD)/libww.a
	$(CC) $(CFLAGS) $(SANFLAGS) -o $@ $^ $(LDFLAGS) $(LDLIBS)

$(BUILD)/tests/%.o: tests/unit/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Isrc -c -o $@ $<

unit: $(UNIT_BIN) $(BUILD)/wheelwright

asan:
	$(MAKE) BUILD=build/asan CFLAGS="-O1 -g -fno-omit-frame-pointer" \
		SANFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=undefined" unit

check: wheelwright
	$(MAKE) unit
	$(MAKE) asan
	tests/setup
	tests/run

demo: wheelwright
	tests/demo

fuzz:
	tests/fuzz/run

clean:
	rm -rf build wheelwright

-include $(LIB_OBJ:.o=.d) $(BUILD)/src/main.d $(UNIT_BIN:=.d)
