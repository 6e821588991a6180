# Makefile: the front door. `make run` installs what is missing, builds,
# creates skillplan.db with reference and demo data and serves
# http://127.0.0.1:8080; `make test` builds and runs the whole suite (unit
# tests under ctest, fuzz corpora, API and browser tests with node's runner,
# then the unit and API tests again under ASan+UBSan). CMake does the build.
BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
DB         ?= skillplan.db
PORT       ?= 8080
JOBS       ?= 2
SCALE      ?= 1

.PHONY: all setup build asan run test test-unit test-api test-browser test-asan bench fuzz clean

all: build

setup:
	@scripts/setup.sh

$(BUILD)/Makefile: CMakeLists.txt
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null

build: setup $(BUILD)/Makefile
	cmake --build $(BUILD) -j$(JOBS)
	@scripts/vendor-assets.sh $(BUILD)

$(ASAN_BUILD)/Makefile: CMakeLists.txt
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DSP_SANITIZE=ON >/dev/null

asan: setup $(ASAN_BUILD)/Makefile
	cmake --build $(ASAN_BUILD) -j$(JOBS)
	@scripts/vendor-assets.sh $(ASAN_BUILD)

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
