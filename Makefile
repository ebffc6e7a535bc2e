# GridMap: `make run` opens the app on the demo project, `make test` runs every test headless.
# Both set up what is missing first (system packages, .venv, dependencies).
VENV := .venv

.PHONY: run test setup demo screenshot bench clean

setup:
	./scripts/setup.sh

run: setup
	$(VENV)/bin/python main.py data/hongqi_demo.gpkg

test: setup
	./scripts/test.sh

demo: setup
	$(VENV)/bin/python main.py demo -o data/hongqi_demo.gpkg

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
