#pragma once
// Reads DropCounts by code, as the JS counters show them.
#include <cstdint>
#include <cstring>
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "drops.h"

namespace qd {

inline std::map<std::string, int64_t> dropMap(const DropCounts& d) {
  std::map<std::string, int64_t> out;
  d.forEach([&](const char* code, int64_t n) { out[code] = n; });
  return out;
}

/// The count for `code`; 0 when none (an unknown code fails the test).
inline int64_t dropped(const DropCounts& d, const char* code) {
  for (std::size_t i = 0; i < kDropKinds; ++i) {
    if (std::strcmp(dropCode(static_cast<Drop>(i)), code) == 0) return d[static_cast<Drop>(i)];
  }
  ADD_FAILURE() << "no drop code " << code;
  return -1;
}

}  // namespace qd
