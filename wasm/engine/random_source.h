#pragma once
/// The engine's only source of randomness is injected, so tests are exact.
#include <cstdint>

namespace qd {

class RandomSource {
 public:
  virtual ~RandomSource() = default;
  /// A uniform value in [0, 1).
  virtual double next() = 0;
};

/// Deterministic SplitMix64: tests seed it; the wasm adapter seeds it from
/// the platform's crypto source.
class SeededRandom : public RandomSource {
 public:
  explicit SeededRandom(uint64_t seed) : state_(seed) {}
  double next() override {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return static_cast<double>(z >> 11) * 0x1.0p-53;
  }

 private:
  uint64_t state_;
};

}  // namespace qd
