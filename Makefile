# armsdata: the two commands of the README are `make` and `make test`.
GO      ?= go
BIN     := bin/armsdata
OUT     := out
PKGS    := ./...

.PHONY: all build release-data check test vet cross fmt-check golden-out clean bench fuzz release check-clients spark-venv check-spark pandas-venv check-pandas check-polars datasette-venv check-datasette browser-deps check-browser browser-bench

# make: build the tool and regenerate the release in out/ from seeds/.
all: release-data

# The tool's version: the git description of the commit it is built from.
VERSION_TOOL := $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)

build:
	$(GO) build -ldflags "-X github.com/armsdata/armsdata/cmd.Version=$(VERSION_TOOL)" -o $(BIN) ./cmd/armsdata

release-data: build
	./$(BIN) build -o $(OUT)
	./$(BIN) docs

# make check: validate seeds/ and write nothing.
check: build
	./$(BIN) check -v

# make test: every test, then prove the committed out/ is what make produces.
test: vet cross fmt-check build
	$(GO) test -count=1 $(PKGS)
	$(MAKE) --no-print-directory golden-out
	./$(BIN) docs -check

# make check-clients: open out/ as readers' programs do (openpyxl and
# LibreOffice Calc, headless) and fail on anything they read differently.
# Needs: apt-get install python3-openpyxl libreoffice-calc-nogui poppler-utils
check-clients:
	/usr/bin/python3 scripts/xlsx_check.py $(OUT)/armsdata.xlsx
	bash scripts/libreoffice_check.sh $(OUT)/armsdata.xlsx $(OUT)/csv

# The releases the dataframe checks read: the seeds and testdata/base
# (whose empty tables are filed without a partition), built with
# -partition into $tmp/seeds/out and $tmp/base/out (out/ is small and has
# no partitioned copy), and the recipe line that makes $tmp.
CHECK_TMP      = tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT
CHECK_RELEASES = ./$(BIN) build -q -partition -o "$$tmp/seeds/out" && \
	./$(BIN) build -q -partition -root testdata/base -o "$$tmp/base/out"

# make check-spark: read the partitioned Parquet copy as Spark users do (a
# local PySpark session, scripts/spark_check.py) and compare it with the CSV
# files, and run the README's PySpark code.
# Needs Java 17 or later and PySpark in $(SPARK_VENV): make spark-venv.
SPARK_VENV ?= .venv-spark
# PySpark 3.5 runs on Java 8, 11 and 17 (4.x needs 17 or later) and is the
# smaller download (about 320 MB, pip builds it from the sdist).
PYSPARK    ?= pyspark==3.5.8
spark-venv:
	python3 -m venv $(SPARK_VENV)
	$(SPARK_VENV)/bin/pip install --quiet --progress-bar off '$(PYSPARK)'

check-spark: build
	@$(CHECK_TMP) && $(CHECK_RELEASES) && \
	SPARK_LOCAL_IP=127.0.0.1 $(SPARK_VENV)/bin/python scripts/spark_check.py --readme README.md "$$tmp/seeds/out" "$$tmp/base/out"

# make check-pandas: read every Parquet file of the releases with pandas
# and pyarrow and check the types against datapackage.json and the values
# against the CSV files; run the README's pandas code (the blocks marked
# "tested: pandas-…") on the seeds and compare what it gives with the same
# questions answered from the CSV files; check that row_actors, indicators
# and equipment join to their rows (scripts/pandas_check.py).
# make check-polars: the same reading of every Parquet file with polars
# (scripts/polars_check.py).
# Both need $(PANDAS_VENV): make pandas-venv.
PANDAS_VENV ?= .venv-pandas
# The versions the checks were written against, which install from wheels
# on Python 3.11 (pandas 3 needs 3.11 or later); polars 2.1 brings its
# runtime, polars-runtime-32, at the same version.
PANDAS      ?= pandas==3.1.1 pyarrow==26.0.1 polars==2.1.0
pandas-venv:
	python3 -m venv $(PANDAS_VENV)
	$(PANDAS_VENV)/bin/pip install --quiet --progress-bar off $(PANDAS)

check-pandas: build
	@$(CHECK_TMP) && $(CHECK_RELEASES) && \
	$(PANDAS_VENV)/bin/python scripts/pandas_check.py --readme README.md "$$tmp/seeds/out" "$$tmp/base/out"

check-polars: build
	@$(CHECK_TMP) && $(CHECK_RELEASES) && \
	$(PANDAS_VENV)/bin/python scripts/polars_check.py "$$tmp/seeds/out" "$$tmp/base/out"

# make check-datasette: read the SQLite database of a fresh build of the
# seeds (in a temporary directory) with Python's sqlite3 and with Datasette
# (its test client, and `datasette serve` on 127.0.0.1), and compare what
# they give with the CSV files, and run the README's sqlite3 code (the block
# marked "tested: sqlite-python"; scripts/datasette_check.py).
# Needs Datasette in $(DATASETTE_VENV): make datasette-venv.
DATASETTE_VENV ?= .venv-datasette
# The last stable release (1.0 is in alpha); it reads the database with the
# SQLite its Python links.
DATASETTE      ?= datasette==0.65.5
datasette-venv:
	python3 -m venv $(DATASETTE_VENV)
	$(DATASETTE_VENV)/bin/pip install --quiet --progress-bar off '$(DATASETTE)'

check-datasette: build
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	./$(BIN) build -q -o "$$tmp/out" && \
	$(DATASETTE_VENV)/bin/python scripts/datasette_check.py --readme README.md --datasette-version '$(patsubst datasette==%,%,$(DATASETTE))' "$$tmp/out"

# make check-browser: open the explorer (out/site) in headless Debian
# chromium, from file:// and from a loopback server, as readers do
# (scripts/browser/site.test.js, node --test): every page without a
# console error or a failed request, 20 random rows (SEED=) followed from
# their table and source pages to their highlighted quote, searches and
# facets against the CSV files, the charts' marks against the indicators,
# axe-core, no page wider than a phone, and screenshots under
# $(BROWSER_OUT). Without chromium it skips, unless
# ARMSDATA_REQUIRE_CLIENTS=1, where it fails.
# Needs Node 20 or later, chromium (apt-get install chromium) and
# scripts/browser/node_modules: make browser-deps.
BROWSER_DIR ?= scripts/browser
BROWSER_OUT ?= test-output/browser
browser-deps:
	npm ci --prefix $(BROWSER_DIR) --no-audit --no-fund

check-browser:
	cd $(BROWSER_DIR) && RELEASE=$(abspath $(OUT)) OUTPUT=$(abspath $(BROWSER_OUT)) node --test site.test.js

# make browser-bench: the explorer of a synthetic release of
# $(BROWSER_BENCH_RULES) rules (armsdata synth, built into a temporary
# directory under /tmp, removed after) timed in chromium: the largest
# table page's first rows, a search over all its rows, a facet, memory;
# and the page weights of out/site and of the synthetic site. Not part of
# make test or CI: it measures, it does not check.
BROWSER_BENCH_RULES ?= 100000
browser-bench: build
	@tmp=$$(mktemp -d /tmp/armsdata-browser-bench-XXXXXX) && trap 'rm -rf "$$tmp"' EXIT && \
	./$(BIN) synth -rules $(BROWSER_BENCH_RULES) -o "$$tmp/corpus" && \
	./$(BIN) build -q -root "$$tmp/corpus" -o "$$tmp/out" && \
	node $(BROWSER_DIR)/bench.js $(OUT)/site "$$tmp/out/site"

vet:
	$(GO) vet $(PKGS)

# make cross: every package, tests included, builds and vets for the systems
# readers run the tool on, not only this one (the swap and the lock of
# dataset/export are per system). Cross builds have no cgo, so the DuckDB
# client tests are left out there (see dataset/clients/nocgo_test.go).
CROSS := darwin/amd64 darwin/arm64 windows/amd64
cross:
	@for p in $(CROSS); do \
	  echo "go vet for $$p"; \
	  GOOS=$${p%/*} GOARCH=$${p#*/} CGO_ENABLED=0 $(GO) vet $(PKGS) || exit 1; \
	done

fmt-check:
	@bad=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$bad" ]; then echo "gofmt would change: $$bad"; exit 1; fi

# A fresh build into a temporary directory must equal out/ byte for byte.
golden-out: build
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	./$(BIN) build -q -o "$$tmp/out" && \
	if diff -r "$(OUT)" "$$tmp/out" >/dev/null; then echo "out/ is up to date"; \
	else echo "out/ differs from a fresh build (run make and commit out/):"; diff -rq "$(OUT)" "$$tmp/out"; exit 1; fi
	@cd $(OUT) && sha256sum --quiet --strict -c SHA256SUMS && echo "out/SHA256SUMS verifies"

# make release VERSION=x.y.z: check, run every test, then write dist/ and the
# CHANGELOG.md section (see "bin/armsdata release --help").
release: build
	./$(BIN) release --version "$(VERSION)" --dry-run >/dev/null
	$(MAKE) --no-print-directory test
	./$(BIN) release --version "$(VERSION)"

# make bench: the Go benchmarks, then the corpus benchmark (bench/): 10k
# and 100k synthetic rules, and 1M with BENCH_FULL=1, each built in a child
# process and compared with DuckDB and excelize on the same rows. Not part
# of make test: it measures, it does not check.
comma := ,
BENCH_SIZES := 10000,100000$(if $(BENCH_FULL),$(comma)1000000)
bench:
	$(GO) test -run=NONE -bench=. -benchmem $(PKGS)
	$(GO) run ./bench -sizes $(BENCH_SIZES)

# make fuzz FUZZTIME=2m: run every fuzz target for a while.
FUZZTIME ?= 60s
fuzz:
	@for pkg in $$($(GO) list $(PKGS)); do \
	  for t in $$($(GO) test -list 'Fuzz.*' $$pkg | grep '^Fuzz'); do \
	    echo "== $$pkg $$t"; $(GO) test -run=NONE -fuzz="^$$t$$" -fuzztime=$(FUZZTIME) $$pkg || exit 1; \
	  done; \
	done

clean:
	rm -rf bin
