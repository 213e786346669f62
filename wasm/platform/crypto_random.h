#pragma once
/// A seed for the engine's jitter from the platform's crypto source.
#include <cstdint>

namespace qd::platform {

/// 64 bits from crypto.getRandomValues (browser) or node:crypto (Node), so two
/// terminals opened in the same millisecond still spread their reconnects.
uint64_t cryptoSeed();

}  // namespace qd::platform
