# Thin entry points; the real build lives in CMakePresets.json and package.json.
.PHONY: start test deps-start deps-test

start: deps-start
	npm start

test: deps-test
	cmake --workflow --preset native
	cmake --workflow --preset asan
	cmake --workflow --preset fuzz
	npm test

deps-start:
	scripts/install-deps.sh start

deps-test:
	scripts/install-deps.sh test
