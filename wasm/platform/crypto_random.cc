#include "crypto_random.h"

#include <unistd.h>

#include "clock.h"

namespace qd::platform {

uint64_t cryptoSeed() {
  uint64_t seed = 0;
  if (getentropy(&seed, sizeof seed) != 0) {
    // No crypto source at all: the clock still differs between terminals.
    seed = static_cast<uint64_t>(nowMs()) * 0x9E3779B97F4A7C15ull;
  }
  return seed;
}

}  // namespace qd::platform
