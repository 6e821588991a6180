# Makefile: the front door. `make run` installs what is missing, builds,
# creates skillplan.db with reference and demo data and serves
# http://127.0.0.1:8080; `make test` builds and runs the whole suite (unit
# tests under ctest, fuzz corpora, API and browser tests with node's runner,
# then the unit and API tests again under ASan+UBSan). CMake does the build;
# these builds are the project's own checks, so warnings are errors here
# (WERROR=OFF to relax), while a plain `cmake` build leaves them warnings.
BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
BUILD_TYPE ?= RelWithDebInfo
WERROR     ?= ON
DB         ?= skillplan.db
PORT       ?= 8080
JOBS       ?= 2
SCALE      ?= 1
PREFIX     ?= /usr/local

CMAKE_FLAGS = -DCMAKE_COMPILE_WARNING_AS_ERROR=$(WERROR)

.PHONY: all setup build asan run test test-unit test-api test-browser test-asan bench \
        install matrix fuzz clean

all: build

setup:
	@scripts/setup.sh

# Configuring every time is quick when nothing changed, and applies a changed
# BUILD_TYPE or WERROR to an existing build directory.
build: setup
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_FLAGS) >/dev/null
	cmake --build $(BUILD) -j$(JOBS)

asan: setup
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DSP_SANITIZE=ON $(CMAKE_FLAGS) >/dev/null
	cmake --build $(ASAN_BUILD) -j$(JOBS)

run: build
	@if [ ! -f $(DB) ]; then $(BUILD)/skillplan --db $(DB) init --demo; fi
	$(BUILD)/skillplan --db $(DB) serve --port $(PORT)

test: build asan
	@scripts/run-tests.sh $(BUILD) $(ASAN_BUILD)

test-unit: build
	ctest --test-dir $(BUILD) --output-on-failure -j$(JOBS)

test-api: build
	SP_BIN=$(BUILD)/skillplan node --test --test-concurrency=1 tests/api/

test-browser: build
	SP_BIN=$(BUILD)/skillplan node --test --test-concurrency=1 tests/browser/

# Installs the build into PREFIX (DESTDIR is honoured for staging).
install: build
	cmake --install $(BUILD) --prefix $(PREFIX)

# Builds every build type (or MATRIX_TYPES) with gcc and clang, warnings as
# errors, the tests left out (BUILD_TESTING=OFF), each in its own directory
# under /tmp removed afterwards. CI runs it for Release. JOBS=1 on a shared
# machine.
MATRIX_TYPES ?= Debug RelWithDebInfo Release MinSizeRel
matrix: setup
	@TYPES="$(MATRIX_TYPES)" scripts/build-matrix.sh $(JOBS)

bench: build
	@scripts/bench.sh $(BUILD) $(SCALE)

# The libFuzzer targets with the whole library instrumented (clang), each run
# for FUZZ_SECONDS; corpora and findings accumulate in $(FUZZ_BUILD).
fuzz: setup
	cmake -S . -B $(FUZZ_BUILD) -DCMAKE_C_COMPILER=clang -DSP_FUZZ=ON \
	  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build $(FUZZ_BUILD) -j$(JOBS) --target \
	  $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
	@scripts/fuzz.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
