#include "clock.h"

#include <emscripten/emscripten.h>
#include <emscripten/html5.h>

#include <cmath>

namespace qd::platform {

Instant readClock() {
  const double mono = emscripten_get_now();
  const double wall = emscripten_date_now();
  return Instant{static_cast<int64_t>(std::floor(mono)), static_cast<int64_t>(std::floor(wall - mono))};
}

}  // namespace qd::platform
