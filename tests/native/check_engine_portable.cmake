# The engine folder must stay portable: no Emscripten header, and no clock,
# random source or socket read inside (time and randomness are injected).
# Run as: cmake -DENGINE_DIR=<dir> -P check_engine_portable.cmake
file(GLOB sources "${ENGINE_DIR}/*.h" "${ENGINE_DIR}/*.cc")
set(forbidden
  "#include <emscripten"
  "#include <chrono>"
  "#include <random>"
  "#include <ctime>"
  "#include <thread>"
  "#include <sys/socket.h>"
  "std::rand("
  "time(nullptr)")
set(failed "")
foreach(f IN LISTS sources)
  file(READ "${f}" text)
  foreach(pattern IN LISTS forbidden)
    string(FIND "${text}" "${pattern}" at)
    if(NOT at EQUAL -1)
      list(APPEND failed "${f}: ${pattern}")
    endif()
  endforeach()
endforeach()
list(LENGTH sources count)
if(count EQUAL 0)
  message(FATAL_ERROR "no engine sources found in ${ENGINE_DIR}")
endif()
if(failed)
  string(REPLACE ";" "\n" failed "${failed}")
  message(FATAL_ERROR "engine is not portable:\n${failed}")
endif()
message(STATUS "${count} engine files checked: portable")
