# Staffroom -- one plain Makefile.
#
#   make            build every program into build/bin/
#   make test       every test (unit, store, content, net, report, UI); then all
#                   of them again under AddressSanitizer + UndefinedBehaviorSanitizer;
#                   then make test-packages
#   make bench      benchmarks, each figure against a baseline from the same run
#   make run        build, then open the kiosk in a window (see tools/run-kiosk.sh)
#   make screenshots every screen at 800x480 and 720x1280 into build/screenshots/
#   make deb        Debian packages (staffroom-kiosk, staffroom-collector) into
#                   build/deb/ (build/arm64/deb/ with ARCH=arm64)
#   make test-packages  install them into a clean Debian 12 root (debootstrap;
#                   needs root and the Debian mirror) and check they work there
#   make clean      remove build/
#   make ARCH=arm64       cross-build for a Raspberry Pi (Debian's aarch64
#                         toolchain and arm64 libraries) into build/arm64/
#   make test ARCH=arm64  ... and run the unit tests under qemu-aarch64
#
# Every entry target first runs tools/setup-deps.sh, which installs missing
# Debian packages (and does nothing when all are there).
#
# Layers (see app/README.md): app/core is libc only and is compiled without
# any library's include path, so an #include <SDL.h> there fails the build.

SAN ?= 0
ARCH ?= native
ifeq ($(ARCH),arm64)
# Cross: Debian's aarch64 gcc, pkg-config reading the arm64 .pc files that
# multiarch -dev packages install, the unit tests run under qemu-user.
CC := aarch64-linux-gnu-gcc
AR := aarch64-linux-gnu-ar
PKG_CONFIG := aarch64-linux-gnu-pkg-config
TEST_RUNNER := qemu-aarch64
BUILD ?= build/arm64
SAN := 0
else ifneq ($(ARCH),native)
$(error ARCH=$(ARCH): only ARCH=arm64 (or none, for this machine) is supported)
endif
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
PKG_CONFIG ?= pkg-config
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
PKG_CFLAGS = $(eval PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS)))$(PKG_CFLAGS)
PKG_LIBS = $(eval PKG_LIBS := $(shell $(PKG_CONFIG) --libs $(PKGS)))$(PKG_LIBS)
TEST_CFLAGS = $(eval TEST_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(TEST_PKGS)))$(TEST_CFLAGS)
TEST_LIBS = $(eval TEST_LIBS := $(shell $(PKG_CONFIG) --libs $(TEST_PKGS)))$(TEST_LIBS)

CORE_SRC := $(wildcard app/core/*.c)
KIOSK_SRC := app/kiosk/main.c
SHELL_SRC := $(wildcard app/platform/*.c app/store/*.c app/content/*.c app/config/*.c \
                        app/wire/*.c app/net/*.c app/ui/*.c app/sdl/*.c) \
             $(filter-out $(KIOSK_SRC),$(wildcard app/kiosk/*.c))
# tools/<name>/ is the program staffroom-<name>: its main.c is the entry
# point, every other .c there is a module that tests and benches may link
# (they go into libstaffroom-tools.a).
TOOL_NAMES := $(notdir $(patsubst %/main.c,%,$(wildcard tools/*/main.c)))
TOOL_MAIN_SRC := $(wildcard tools/*/main.c)
TOOL_SRC := $(filter-out $(TOOL_MAIN_SRC),$(wildcard tools/*/*.c))
SUPPORT_SRC := $(wildcard tests/support/*.c)
TEST_SRC := $(wildcard tests/*/test_*.c)
BENCH_SRC := $(wildcard bench/bench_*.c)

obj = $(patsubst %.c,$(BUILD)/obj/%.o,$(1))
CORE_OBJ := $(call obj,$(CORE_SRC))
SHELL_OBJ := $(call obj,$(SHELL_SRC))
KIOSK_OBJ := $(call obj,$(KIOSK_SRC))
SUPPORT_OBJ := $(call obj,$(SUPPORT_SRC))
LIB := $(BUILD)/lib/libstaffroom.a
TOOL_OBJ := $(call obj,$(TOOL_SRC))
TOOL_MAIN_OBJ := $(call obj,$(TOOL_MAIN_SRC))
TOOL_LIB := $(BUILD)/lib/libstaffroom-tools.a

PROGRAMS := $(BUILD)/bin/staffroom-kiosk $(patsubst %,$(BUILD)/bin/staffroom-%,$(TOOL_NAMES))
TESTS := $(patsubst tests/%.c,$(BUILD)/tests/%,$(TEST_SRC))
BENCHES := $(patsubst bench/%.c,$(BUILD)/bench/%,$(BENCH_SRC))

.PHONY: all build deps test check check-unit bench clean run screenshots deb test-packages
.DEFAULT_GOAL := all

all: deps
	@$(MAKE) --no-print-directory build

build: $(PROGRAMS)

deps:
	@sh tools/setup-deps.sh $(filter arm64,$(ARCH))

# The plain build and the sanitizer build, one after the other, then the
# packages installed into a clean Debian root; for arm64, the cross-built
# unit tests under qemu.
ifeq ($(ARCH),arm64)
test: deps
	@$(MAKE) --no-print-directory ARCH=arm64 check-unit
else
test: deps
	@$(MAKE) --no-print-directory check
	@$(MAKE) --no-print-directory SAN=1 check
	@$(MAKE) --no-print-directory test-packages
endif

check: $(PROGRAMS) $(TESTS)
	@sh tests/run.sh $(BUILD) $(TESTS)

# Under qemu-user, a test cannot start another of this build's programs (an
# arm64 kiosk) without binfmt_misc, which containers do not have: the two
# unit tests that do are left to the native runs.
UNIT_TESTS_STARTING_PROGRAMS := test_firmware_scripts test_sdnotify
UNIT_TESTS := $(filter-out $(addprefix $(BUILD)/tests/unit/,$(UNIT_TESTS_STARTING_PROGRAMS)), \
                           $(filter $(BUILD)/tests/unit/%,$(TESTS)))
check-unit: $(PROGRAMS) $(UNIT_TESTS)
	@SR_TEST_RUNNER=$(TEST_RUNNER) sh tests/run.sh $(BUILD) $(UNIT_TESTS)

bench: deps
	@$(MAKE) --no-print-directory $(BENCHES) $(PROGRAMS)
	@for b in $(BENCHES); do echo "== $$b"; $$b || exit 1; done

deb: deps
	@$(MAKE) --no-print-directory build
	@rm -rf $(BUILD)/deb
	@sh tools/package/build-deb.sh $(BUILD) $(BUILD)/deb

test-packages: deb
	@sh tools/package/test-install.sh $(BUILD)/deb

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

# Tools may use the app's modules (the wire format, the content loader), never
# the reverse: app/ is compiled without -Itools.
$(TOOL_OBJ) $(TOOL_MAIN_OBJ): $(BUILD)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS_BASE) $(CFLAGS_BASE) $(PKG_CFLAGS) -Iapp -Itools -c $< -o $@

$(BUILD)/obj/tests/%.o: tests/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS_BASE) $(CFLAGS_BASE) $(PKG_CFLAGS) $(TEST_CFLAGS) -Iapp -Itools -Itests/support \
	    -DSR_SOURCE_DIR='"$(CURDIR)"' -c $< -o $@

$(BUILD)/obj/bench/%.o: bench/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS_BASE) $(CFLAGS_BASE) $(PKG_CFLAGS) -Iapp -Itools -Itests/support \
	    -DSR_SOURCE_DIR='"$(CURDIR)"' \
	    -c $< -o $@

$(LIB): $(CORE_OBJ) $(SHELL_OBJ)
	@mkdir -p $(@D)
	rm -f $@
	$(AR) rcs $@ $^

$(TOOL_LIB): $(TOOL_OBJ)
	@mkdir -p $(@D)
	rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/bin/staffroom-kiosk: $(KIOSK_OBJ) $(LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS_BASE) -o $@ $(KIOSK_OBJ) $(LIB) $(PKG_LIBS) -lpthread -lm

$(BUILD)/bin/staffroom-%: $(BUILD)/obj/tools/%/main.o $(TOOL_LIB) $(LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS_BASE) -o $@ $< $(TOOL_LIB) $(LIB) $(PKG_LIBS) -lpthread -lm

$(BUILD)/tests/%: $(BUILD)/obj/tests/%.o $(SUPPORT_OBJ) $(TOOL_LIB) $(LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS_BASE) -o $@ $< $(SUPPORT_OBJ) $(TOOL_LIB) $(LIB) $(PKG_LIBS) $(TEST_LIBS) \
	    -lpthread -lm

$(BUILD)/bench/%: $(BUILD)/obj/bench/%.o $(SUPPORT_OBJ) $(TOOL_LIB) $(LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS_BASE) -o $@ $< $(SUPPORT_OBJ) $(TOOL_LIB) $(LIB) $(PKG_LIBS) $(TEST_LIBS) \
	    -lpthread -lm

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)

# Keep test and bench objects between runs (they are pattern intermediates).
.SECONDARY:
