# prodops - build, test, lint, bench.  `make help` lists the targets.
#
# Quiet by default; `make V=1` shows the commands (libxlsxwriter's Q=@).
# `make WERROR=0` drops -Werror for packagers on newer compilers.

BUILD   ?= build
V       ?= 0
WERROR  ?= 1
Q        = $(if $(filter 1,$(V)),,@)

CC      ?= cc
CSTD     = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DPCRE2_CODE_UNIT_WIDTH=8
WARN     = -Wall -Wextra -Wpedantic \
           -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wold-style-definition \
           -Wpointer-arith -Wwrite-strings -Wformat=2 -Wundef -Wvla \
           -Wimplicit-fallthrough -Wcast-qual -Wconversion -Wsign-conversion
ifeq ($(WERROR),1)
WARN    += -Werror
endif
OPT     ?= -O2 -g -D_FORTIFY_SOURCE=3 -fstack-protector-strong
SAN     ?=
DEPS     = -MMD -MP
PKGS     = libpq xlsxwriter libpcre2-8 yajl zlib inih libzip
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CFLAGS  += $(CSTD) $(WARN) $(OPT) $(SAN) $(DEPS) -I. -I$(BUILD)/gen $(PKG_CFLAGS)
LDFLAGS += $(SAN)
LDLIBS  += $(PKG_LIBS) -lm

STAGES   = common extract transform transform/profiles load reports jobs
SRCS     = $(foreach d,$(STAGES),$(wildcard $(d)/*.c))
LIB_SRCS = $(filter-out jobs/main.c,$(SRCS))
OBJS     = $(SRCS:%.c=$(BUILD)/%.o)
LIB_OBJS = $(LIB_SRCS:%.c=$(BUILD)/%.o) $(BUILD)/gen/resources.o

# SQL, theme rules and other text the binary carries inside itself.
RESOURCES = $(sort $(wildcard load/sql/*.sql) $(wildcard reports/sql/*.sql) \
              $(wildcard transform/rules/*))

UNIT_SRCS = $(wildcard tests/unit/test_*.c)
UNIT_BINS = $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)

PRODOPS  = $(BUILD)/prodops

.PHONY: all test check check-asan unit lint check-deps check-headers fuzz \
        bench golden clean help demo install-deps
.DEFAULT_GOAL := all

all: $(PRODOPS)

$(PRODOPS): $(BUILD)/jobs/main.o $(BUILD)/libprodops.a
	@echo "  LINK  $@"
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/libprodops.a: $(LIB_OBJS)
	@echo "  AR    $@"
	$(Q)rm -f $@ && ar rcs $@ $^

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC    $<"
	$(Q)$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) -std=c11 -O1 -Wall -Werror -o $@ $<

$(BUILD)/gen/resources.c: $(BUILD)/tools/embed $(RESOURCES) Makefile
	@mkdir -p $(dir $@)
	@echo "  GEN   $@"
	$(Q)$(BUILD)/tools/embed $(RESOURCES) > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/resources.o: $(BUILD)/gen/resources.c
	@echo "  CC    $<"
	$(Q)$(CC) $(CSTD) $(OPT) $(SAN) -I. -c -o $@ $<

# Unit tests: cmocka, linked against the library, no database.
$(BUILD)/tests/test_%: tests/unit/test_%.c $(BUILD)/libprodops.a
	@mkdir -p $(dir $@)
	@echo "  CC    $<"
	$(Q)$(CC) $(CFLAGS) $(shell pkg-config --cflags cmocka) -o $@ $< \
	    $(BUILD)/libprodops.a $(LDFLAGS) $(LDLIBS) $(shell pkg-config --libs cmocka)

unit: $(UNIT_BINS)

# The whole suite: unit tests, case files, end-to-end scripts on a private
# PostgreSQL cluster.  Prints "N passed, N failed" last.
test check: all unit
	$(Q)BUILD=$(BUILD) tests/run

# The same suite under AddressSanitizer + UndefinedBehaviorSanitizer.
check-asan:
	$(Q)ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    $(MAKE) --no-print-directory BUILD=build-asan \
	    OPT="-O1 -g -fno-omit-frame-pointer" \
	    SAN="-fsanitize=address,undefined -fno-sanitize-recover=all" test

lint: check-deps check-headers
	$(Q)clang-format --dry-run --Werror $(SRCS) $(wildcard */*.h */*/*.h)
	$(Q)cppcheck --enable=warning,performance,portability --std=c11 \
	    --error-exitcode=1 --inline-suppr -q -I. $(STAGES)

# Includes flow one way: common <- extract <- transform <- load <- reports <- jobs.
check-deps:
	$(Q)tools/check-deps.sh

check-headers: $(BUILD)/gen/resources.c
	$(Q)for h in $(foreach d,$(STAGES),$(wildcard $(d)/*.h)); do \
	    echo "#include \"$$h\"" | $(CC) $(CSTD) $(WARN) -I. $(PKG_CFLAGS) -x c -fsyntax-only - \
	    || { echo "header not self-contained: $$h"; exit 1; }; done

bench: all
	$(Q)BUILD=$(BUILD) tests/bench/run

demo: all
	$(Q)./scripts/demo.sh

clean:
	rm -rf build build-asan

help:
	@echo "targets: all test check-asan lint bench demo clean"

-include $(OBJS:.o=.d) $(UNIT_BINS:=.d)
