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
PKGS     = libpq xlsxwriter libpcre2-8 yajl zlib inih libzip cairo pangocairo \
           fontconfig
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CFLAGS  += $(CSTD) $(WARN) $(OPT) $(SAN) $(DEPS) -pthread -I. -I$(BUILD)/gen $(PKG_CFLAGS)
LDFLAGS += $(SAN)
LDLIBS  += $(PKG_LIBS) -lm -pthread

STAGES   = common extract transform transform/profiles load reports jobs jobs/demo
SRCS     = $(foreach d,$(STAGES),$(wildcard $(d)/*.c))
LIB_SRCS = $(filter-out jobs/main.c,$(SRCS))
OBJS     = $(SRCS:%.c=$(BUILD)/%.o)
LIB_OBJS = $(LIB_SRCS:%.c=$(BUILD)/%.o) $(BUILD)/gen/resources.o

# SQL, theme rules and other text the binary carries inside itself.
RESOURCES = $(sort $(wildcard load/sql/*.sql) $(wildcard reports/sql/*.sql) \
              $(wildcard transform/rules/*))

UNIT_SRCS = $(wildcard tests/unit/test_*.c)
UNIT_BINS = $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
# cmocka programs that need the server: end-to-end scripts run them.
DB_TEST_SRCS = $(wildcard tests/unit/db_*.c)
DB_TEST_BINS = $(DB_TEST_SRCS:tests/unit/%.c=$(BUILD)/tests/%)

PRODOPS  = $(BUILD)/prodops

# The version: git describe in a checkout, else the VERSION file (a release
# tarball, a Debian source package), else "unknown".  `make PD_VERSION=x`
# overrides it.  safe.directory: `sudo make install` in a checkout someone
# else owns must see the same version, or it would rebuild main.o as root.
GIT_DESCRIBE = GIT_OPTIONAL_LOCKS=0 git -c safe.directory='*' describe \
               --always --dirty
PD_VERSION ?= $(shell { test -e .git && $(GIT_DESCRIBE); } \
                2>/dev/null || cat VERSION 2>/dev/null || echo unknown)

# Installation (GNU conventions; DESTDIR is prepended to every path).
PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
DATADIR    ?= $(PREFIX)/share
MANDIR     ?= $(DATADIR)/man
BASHCOMPDIR ?= $(DATADIR)/bash-completion/completions
# zsh reads /usr/local/share/zsh/site-functions and, for packages,
# /usr/share/zsh/vendor-completions (Debian).
ZSHCOMPDIR ?= $(DATADIR)/zsh/$(if $(filter /usr,$(PREFIX)),vendor-completions,site-functions)
PKGDATADIR ?= $(DATADIR)/prodops
INSTALL    ?= install
MANPAGES   = $(BUILD)/man/prodops.1 $(BUILD)/man/prodops.conf.5
# The man pages come with `make` when scdoc is there (scripts/install-deps.sh
# installs it); `make man` and `make install` need it.
HAVE_SCDOC := $(shell command -v scdoc 2>/dev/null)

.PHONY: all test check check-asan unit lint check-deps check-headers fuzz \
        fuzz-short fuzz-run bench golden clean help demo install-deps \
        man install uninstall deb FORCE
.DEFAULT_GOAL := all

all: $(PRODOPS) $(if $(HAVE_SCDOC),$(MANPAGES))

# Rewritten only when the version changes, so only main.o is rebuilt
# (git's GIT-VERSION-FILE).
$(BUILD)/gen/version.h: FORCE
	@mkdir -p $(dir $@)
	$(Q)v='#define PD_VERSION "$(PD_VERSION)"'; \
	    [ "$$(cat $@ 2>/dev/null)" = "$$v" ] || echo "$$v" > $@

$(BUILD)/jobs/main.o: $(BUILD)/gen/version.h

man: $(MANPAGES)

$(BUILD)/man/%: man/%.scd
	@mkdir -p $(dir $@)
	@echo "  SCDOC $@"
	$(Q)scdoc < $< > $@.tmp && mv $@.tmp $@

install: $(PRODOPS) $(MANPAGES)
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(BASHCOMPDIR) \
	    $(DESTDIR)$(ZSHCOMPDIR) $(DESTDIR)$(PKGDATADIR)
	$(INSTALL) -m 755 $(PRODOPS) $(DESTDIR)$(BINDIR)/prodops
	$(INSTALL) -m 644 $(BUILD)/man/prodops.1 $(DESTDIR)$(MANDIR)/man1/prodops.1
	$(INSTALL) -m 644 $(BUILD)/man/prodops.conf.5 \
	    $(DESTDIR)$(MANDIR)/man5/prodops.conf.5
	$(INSTALL) -m 644 completion/prodops.bash $(DESTDIR)$(BASHCOMPDIR)/prodops
	$(INSTALL) -m 644 completion/_prodops $(DESTDIR)$(ZSHCOMPDIR)/_prodops
	$(INSTALL) -m 644 examples/prodops.conf $(DESTDIR)$(PKGDATADIR)/prodops.conf
	$(INSTALL) -m 644 transform/rules/themes.conf \
	    $(DESTDIR)$(PKGDATADIR)/themes.conf
	$(INSTALL) -m 644 examples/requests.conf \
	    $(DESTDIR)$(PKGDATADIR)/requests.conf

# Removes what install wrote, and the folders only prodops uses.
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/prodops $(DESTDIR)$(MANDIR)/man1/prodops.1 \
	    $(DESTDIR)$(MANDIR)/man5/prodops.conf.5 \
	    $(DESTDIR)$(BASHCOMPDIR)/prodops $(DESTDIR)$(ZSHCOMPDIR)/_prodops \
	    $(DESTDIR)$(PKGDATADIR)/prodops.conf $(DESTDIR)$(PKGDATADIR)/themes.conf \
	    $(DESTDIR)$(PKGDATADIR)/requests.conf
	rmdir $(DESTDIR)$(PKGDATADIR) 2>/dev/null || true

# The Debian package, built from a copy of the checkout in $(BUILD)/deb/src
# (scripts/build-deb.sh); the .deb lands in $(BUILD)/deb/.
deb:
	$(Q)scripts/build-deb.sh $(BUILD)/deb

$(PRODOPS): $(BUILD)/jobs/main.o $(BUILD)/libprodops.a
	@echo "  LINK  $@"
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/libprodops.a: $(LIB_OBJS)
	@echo "  AR    $@"
	$(Q)rm -f $@ && ar rcs $@ $^

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC    $<"
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

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

# Unit tests: cmocka, linked against the library, no database (db_*: a
# database, PRODOPS_DSN, which the end-to-end script running each sets).
$(UNIT_BINS) $(DB_TEST_BINS): $(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libprodops.a
	@mkdir -p $(dir $@)
	@echo "  CC    $<"
	$(Q)$(CC) $(CFLAGS) $(shell pkg-config --cflags cmocka) -o $@ $< \
	    $(BUILD)/libprodops.a $(LDFLAGS) $(LDLIBS) $(shell pkg-config --libs cmocka)

# Fuzz targets (tests/fuzz/README.md).  Each fuzz_<target>.c is linked two
# ways: with replay.c under the normal compiler, as a program that runs the
# target over files (make test replays tests/fuzz/regressions/ with it),
# and with libFuzzer under clang (make fuzz, in build-fuzz/).
FUZZ_TARGETS  = csv_reader jsonl_reader header parse_time stream
FUZZ_OBJS     = $(FUZZ_TARGETS:%=$(BUILD)/tests/fuzz/fuzz_%.o)
FUZZ_REPLAY   = $(FUZZ_TARGETS:%=$(BUILD)/tests/fuzz_%)
FUZZ_BINS     = $(FUZZ_TARGETS:%=$(BUILD)/fuzz/fuzz_%)
FUZZ_SECONDS ?= 60
FUZZ_SHORT_SECONDS ?= 20
FUZZ_CC      ?= clang
SHARED_CORPUS ?= ../shared/corpus

$(BUILD)/tests/fuzz_%: $(BUILD)/tests/fuzz/fuzz_%.o $(BUILD)/tests/fuzz/replay.o \
                       $(BUILD)/libprodops.a
	@echo "  LINK  $@"
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# Not intermediate: kept between builds like every other object.
.SECONDARY: $(FUZZ_OBJS) $(BUILD)/tests/fuzz/replay.o

unit: $(UNIT_BINS) $(DB_TEST_BINS) $(FUZZ_REPLAY)

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

# libFuzzer runs of FUZZ_SECONDS per target under ASan + UBSan, clang-built
# in build-fuzz/; seeds from tests/fixtures and SHARED_CORPUS (read in
# place, never copied into the repository); crashes are saved in
# build-fuzz/crashes/<target>/.  fuzz-short is CI's pass.
fuzz:
	$(Q)$(MAKE) --no-print-directory BUILD=build-fuzz CC=$(FUZZ_CC) \
	    OPT="-O1 -g -fno-omit-frame-pointer" \
	    SAN="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all" \
	    FUZZ_SECONDS=$(FUZZ_SECONDS) fuzz-run

fuzz-short:
	$(Q)$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$(FUZZ_SHORT_SECONDS)

# Only the stages the targets reach: load/, reports/ and jobs/ are neither
# compiled nor linked in the fuzz build.
CORE_SRCS = $(foreach d,common extract transform transform/profiles,$(wildcard $(d)/*.c))
$(BUILD)/libprodops-core.a: $(CORE_SRCS:%.c=$(BUILD)/%.o) $(BUILD)/gen/resources.o
	@echo "  AR    $@"
	$(Q)rm -f $@ && ar rcs $@ $^

$(BUILD)/fuzz/fuzz_%: $(BUILD)/tests/fuzz/fuzz_%.o $(BUILD)/libprodops-core.a
	@mkdir -p $(dir $@)
	@echo "  LINK  $@"
	$(Q)$(CC) $(LDFLAGS) -fsanitize=fuzzer -o $@ $^ $(LDLIBS)

fuzz-run: $(FUZZ_BINS)
	$(Q)tests/fuzz/run $(BUILD) $(FUZZ_SECONDS) "$(SHARED_CORPUS)" $(FUZZ_TARGETS)

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
	rm -rf build build-asan build-fuzz

help:
	@echo "targets: all test check-asan lint fuzz fuzz-short bench demo man"
	@echo "         install uninstall (PREFIX DESTDIR BINDIR MANDIR) deb clean"

-include $(OBJS:.o=.d) $(UNIT_BINS:=.d) $(FUZZ_OBJS:.o=.d) \
    $(BUILD)/tests/fuzz/replay.d
