#include "crypto_random.h"

#include <unistd.h>

namespace qd::platform {

uint64_t cryptoSeed() {
  // Emscripten's getentropy reads crypto.getRandomValues (or node:crypto)
  // and returns 0; with neither it aborts rather than fail.
  uint64_t seed = 0;
  getentropy(&seed, sizeof seed);
  return seed;
}

}  // namespace qd::platform
