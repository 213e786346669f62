#include "clock.h"

#include <emscripten/emscripten.h>
#include <emscripten/html5.h>

#include <cmath>

namespace qd::platform {

int64_t nowMs() {
  static const double epochAtStart = emscripten_date_now() - emscripten_get_now();
  return static_cast<int64_t>(std::floor(epochAtStart + emscripten_get_now()));
}

}  // namespace qd::platform
