.PHONY: run test setup bench clean

run:  ## serve the demo database on http://127.0.0.1:8069
	@bash scripts/run.sh

test:  ## run every test (addons and top-level tests)
	@bash scripts/test.sh

bench:  ## benchmarks of crm_prospect_dedup on PARTNERS generated partners (default 1000000)
	@bash bench/run.sh

setup:  ## install the system packages and the virtual environment only
	@bash scripts/bootstrap.sh

clean:  ## stop and remove the private PostgreSQL cluster and the databases
	@bash scripts/pg.sh stop; rm -rf .run

screenshots:  ## re-take the README's screenshots (browser journeys) into docs/screenshots/
	@PROSPECTS_SCREENSHOTS=$(CURDIR)/docs/screenshots bash scripts/test.sh tests/test_browser_journeys.py tests/test_browser_dedup.py
