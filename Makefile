# Staffroom -- one plain Makefile.
#
#   make            build every program into build/bin/
#   make test       unit, store, content and UI tests; then all of them again
#                   under AddressSanitizer + UndefinedBehaviorSanitizer
#   make bench      benchmarks, each figure against a baseline from the same run
#   make run        build, then open the kiosk in a window (see tools/run-kiosk.sh)
#   make screenshots every screen at 800x480 and 720x1280 into build/screenshots/
#   make clean      remove build/
#
# Every entry target first runs tools/setup-deps.sh, which installs missing
# Debian packages (and does nothing when all are there).
#
# Layers (see app/README.md): app/core is libc only and is compiled without
# any library's include path, so an #include <SDL.h> there fails the build.

SAN ?= 0
ifeq ($(SAN),1)
BUILD ?= build/san
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
OPT := -O1 -g
else
BUILD ?= build
SANFLAGS :=
OPT := -O2 -g
endif

CC ?= cc
WARN := -std=c11 -Wall -Wextra -Wpedantic -Werror -Wshadow -Wstrict-prototypes \
        -Wmissing-prototypes -Wno-missing-field-initializers
CPPFLAGS_BASE := -D_POSIX_C_SOURCE=200809L -MMD -MP
CFLAGS_BASE = $(OPT) $(WARN) $(SANFLAGS)
LDFLAGS_BASE = $(SANFLAGS)

PKGS := sdl2 SDL2_ttf SDL2_image sqlite3 libqrencode libmosquitto libcjson inih \
        libsodium cairo
TEST_PKGS := cmocka

# pkg-config runs once, on first use (after setup-deps has installed things),
# not when the Makefile is read.
PKG_CFLAGS = $(eval PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS)))$(PKG_CFLAGS)
PKG_LIBS = $(eval PKG_LIBS := $(shell pkg-config --libs $(PKGS)))$(PKG_LIBS)
TEST_CFLAGS = $(eval TEST_CFLAGS := $(shell pkg-config --cflags $(TEST_PKGS)))$(TEST_CFLAGS)
TEST_LIBS = $(eval TEST_LIBS := $(shell pkg-config --libs $(TEST_PKGS)))$(TEST_LIBS)

CORE_SRC := $(wildcard app/core/*.c)
KIOSK_SRC := app/kiosk/main.c
SHELL_SRC := $(wildcard app/platform/*.c app/store/*.c app/content/*.c app/config/*.c \
                        app/ui/*.c app/sdl/*.c) $(filter-out $(KIOSK_SRC),$(wildcard app/kiosk/*.c))
SUPPORT_SRC := $(wildcard tests/support/*.c)
TEST_SRC := $(wildcard tests/*/test_*.c)
BENCH_SRC := $(wildcard bench/bench_*.c)

obj = $(patsubst %.c,$(BUILD)/obj/%.o,$(1))
CORE_OBJ := $(call obj,$(CORE_SRC))
SHELL_OBJ := $(call obj,$(SHELL_SRC))
KIOSK_OBJ := $(call obj,$(KIOSK_SRC))
SUPPORT_OBJ := $(call obj,$(SUPPORT_SRC))
LIB := $(BUILD)/lib/libstaffroom.a

PROGRAMS := $(BUILD)/bin/staffroom-kiosk
TESTS := $(patsubst tests/%.c,$(BUILD)/tests/%,$(TEST_SRC))
BENCHES := $(patsubst bench/%.c,$(BUILD)/bench/%,$(BENCH_SRC))

.PHONY: all build deps test check bench clean run screenshots
.DEFAULT_GOAL := all

all: deps
	@$(MAKE) --no-print-directory build

build: $(PROGRAMS)

deps:
	@sh tools/setup-deps.sh

# The plain build and the sanitizer build, one after the other.
test: deps
	@$(MAKE) --no-print-directory check
	@$(MAKE) --no-print-directory SAN=1 check

check: $(PROGRAMS) $(TESTS)
	@sh tests/run.sh $(BUILD) $(TESTS)

bench: deps
	@$(MAKE) --no-print-directory $(BENCHES) $(PROGRAMS)
	@for b in $(BENCHES); do echo "== $$b"; $$b || exit 1; done

run: deps
	@$(MAKE) --no-print-directory build
	@sh tools/run-kiosk.sh

screenshots: deps
	@$(MAKE) --no-print-directory build
	@sh tools/screenshots.sh build/bin/staffroom-kiosk build/screenshots

clean:
	rm -rf build

# The core: libc only. No package include paths on purpose.
$(CORE_OBJ): $(BUILD)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS_BASE) $(CFLAGS_BASE) -c $< -o $@

$(SHELL_OBJ) $(KIOSK_OBJ): $(BUILD)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS_BASE) $(CFLAGS_BASE) $(PKG_CFLAGS) -c $< -o $@

$(BUILD)/obj/tests/%.o: tests/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS_BASE) $(CFLAGS_BASE) $(PKG_CFLAGS) $(TEST_CFLAGS) -Iapp -Itests/support \
	    -DSR_SOURCE_DIR='"$(CURDIR)"' -c $< -o $@

$(BUILD)/obj/bench/%.o: bench/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS_BASE) $(CFLAGS_BASE) $(PKG_CFLAGS) -Iapp -DSR_SOURCE_DIR='"$(CURDIR)"' \
	    -c $< -o $@

$(LIB): $(CORE_OBJ) $(SHELL_OBJ)
	@mkdir -p $(@D)
	rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/bin/staffroom-kiosk: $(KIOSK_OBJ) $(LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS_BASE) -o $@ $(KIOSK_OBJ) $(LIB) $(PKG_LIBS) -lm

$(BUILD)/tests/%: $(BUILD)/obj/tests/%.o $(SUPPORT_OBJ) $(LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS_BASE) -o $@ $< $(SUPPORT_OBJ) $(LIB) $(PKG_LIBS) $(TEST_LIBS) -lm

$(BUILD)/bench/%: $(BUILD)/obj/bench/%.o $(LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS_BASE) -o $@ $< $(LIB) $(PKG_LIBS) -lm

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)

# Keep test and bench objects between runs (they are pattern intermediates).
.SECONDARY:
