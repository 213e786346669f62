# nlohmann/json as an INTERFACE target `qd::json`: the oracle of the native
# tests and the fuzzer (tests/native/nlohmann_oracle.h), which hold the
# engine's own JSON code to it. The wasm carries no JSON library (docs/
# package.md), so under Emscripten there is no target at all: an engine file
# that includes nlohmann fails the wasm build instead of growing the download.
if(EMSCRIPTEN)
  return()
endif()
find_package(nlohmann_json 3 REQUIRED)
add_library(qd_json INTERFACE)
target_link_libraries(qd_json INTERFACE nlohmann_json::nlohmann_json)
add_library(qd::json ALIAS qd_json)
