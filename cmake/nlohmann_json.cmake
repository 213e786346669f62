# nlohmann/json as an INTERFACE target `qd::json`.
# Under Emscripten, find_package(nlohmann_json) or -I/usr/include would put the
# host's /usr/include before Emscripten's sysroot and break the build, so there
# we expose only the `nlohmann` folder through a build-tree include dir.
if(EMSCRIPTEN)
  find_path(QD_NLOHMANN_DIR nlohmann/json.hpp
    PATHS /usr/include /usr/local/include
    NO_CMAKE_FIND_ROOT_PATH NO_DEFAULT_PATH)
  if(NOT QD_NLOHMANN_DIR)
    message(FATAL_ERROR "nlohmann/json.hpp not found: apt-get install nlohmann-json3-dev")
  endif()
  set(_qd_inc "${CMAKE_BINARY_DIR}/qd_json_include")
  file(MAKE_DIRECTORY "${_qd_inc}")
  file(CREATE_LINK "${QD_NLOHMANN_DIR}/nlohmann" "${_qd_inc}/nlohmann" SYMBOLIC)
  add_library(qd_json INTERFACE)
  target_include_directories(qd_json SYSTEM INTERFACE "${_qd_inc}")
else()
  find_package(nlohmann_json 3 REQUIRED)
  add_library(qd_json INTERFACE)
  target_link_libraries(qd_json INTERFACE nlohmann_json::nlohmann_json)
endif()
add_library(qd::json ALIAS qd_json)
