# Finds Emscripten and hands over to its own platform file.
#
# Search order (first hit wins):
#   1. -DEMSCRIPTEN_ROOT_PATH=...              explicit
#   2. $EMSDK/upstream/emscripten              a real emsdk
#   3. $EMSCRIPTEN                             an activated environment
#   4. the directory of `emcc` on PATH, resolved through links
#   5. /usr/share/emscripten                   Debian's `emscripten` package
# A developer with emsdk and one with Debian's 3.1.6 get the same build.

set(_qd_candidates "")
if(EMSCRIPTEN_ROOT_PATH)
  list(APPEND _qd_candidates "${EMSCRIPTEN_ROOT_PATH}")
endif()
if(DEFINED ENV{EMSDK})
  list(APPEND _qd_candidates "$ENV{EMSDK}/upstream/emscripten")
endif()
if(DEFINED ENV{EMSCRIPTEN})
  list(APPEND _qd_candidates "$ENV{EMSCRIPTEN}")
endif()
find_program(_qd_emcc emcc)
if(_qd_emcc)
  get_filename_component(_qd_emcc_real "${_qd_emcc}" REALPATH)
  get_filename_component(_qd_emcc_dir "${_qd_emcc_real}" DIRECTORY)
  list(APPEND _qd_candidates "${_qd_emcc_dir}")
endif()
list(APPEND _qd_candidates "/usr/share/emscripten")

set(_qd_root "")
foreach(_c IN LISTS _qd_candidates)
  if(EXISTS "${_c}/cmake/Modules/Platform/Emscripten.cmake")
    set(_qd_root "${_c}")
    break()
  endif()
endforeach()
if(NOT _qd_root)
  message(FATAL_ERROR "Emscripten not found. Tried: ${_qd_candidates}. "
    "Install emsdk (and source emsdk_env.sh) or Debian's `emscripten` package.")
endif()

set(EMSCRIPTEN_ROOT_PATH "${_qd_root}" CACHE PATH "Emscripten root" FORCE)
# Debian's emcmake would set a Node flag Node 20 rejects; plain node runs wasm tests.
find_program(QD_NODE NAMES node nodejs)
if(QD_NODE)
  set(CMAKE_CROSSCOMPILING_EMULATOR "${QD_NODE}" CACHE FILEPATH "Runs wasm test binaries")
endif()
include("${_qd_root}/cmake/Modules/Platform/Emscripten.cmake")
