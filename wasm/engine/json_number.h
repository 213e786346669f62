#pragma once
/// How a JSON number token reads, the way nlohmann/json (the reference
/// parser, kept in the native tests and the fuzzer) reads it. Shared by the
/// one-pass scanner (frame_scanner.cc) and the reader of the rare paths
/// (json_text.cc), so both give the same values.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "decimal_to_double.h"
#include "entry_rules.h"

namespace qd {

/// A number token as written (it matches JSON's number grammar).
struct JsonNumber {
  std::string_view token;
  bool integerForm = true;  ///< no fraction, no exponent: nlohmann reads an integer
  bool negative = false;
  bool exponent = false;
};

/// Reads a number token at `p` (JSON's grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?
/// ([eE][+-]?[0-9]+)?) into `n` and moves `p` past it; false when the text
/// there is not a number. Finiteness is the caller's (finiteNumber).
inline bool readNumberToken(const char*& p, const char* end, JsonNumber& n) {
  const char* start = p;
  auto digits = [&] {
    const char* first = p;
    while (p != end && *p >= '0' && *p <= '9') ++p;
    return p != first;
  };
  n.negative = p != end && *p == '-';
  if (n.negative) ++p;
  if (p != end && *p == '0') {
    ++p;
  } else if (!digits()) {
    return false;
  }
  if (p != end && *p == '.') {
    ++p;
    if (!digits()) return false;
    n.integerForm = false;
  }
  if (p != end && (*p == 'e' || *p == 'E')) {
    ++p;
    if (p != end && (*p == '+' || *p == '-')) ++p;
    if (!digits()) return false;
    n.integerForm = false;
    n.exponent = true;
  }
  n.token = std::string_view(start, static_cast<std::size_t>(p - start));
  return true;
}

/// A token without an exponent and this short is below 10^300, finite for
/// sure; anything else is converted to learn whether it overflows.
constexpr std::size_t kSurelyFiniteDigits = 300;

/// False when the number overflows a double: nlohmann refuses the whole
/// document then, wherever the number is.
inline bool finiteNumber(const JsonNumber& n) {
  if (!n.exponent && n.token.size() <= kSurelyFiniteDigits) return true;
  return std::isfinite(decimalToDouble(n.token));
}

/// The double nlohmann's get<double>() gives: an integer token is read as an
/// integer first, so "-0" is +0 there (strtod would say -0).
inline double numberValue(const JsonNumber& n) {
  if (n.integerForm && n.negative && n.token == "-0") return 0.0;
  return decimalToDouble(n.token);
}

/// A finite number read as a time or seq: a non-negative integer up to 2^53
/// (a float with no fraction is fine). Ok sets `out`; else Bad.
inline Field integerField(const JsonNumber& n, int64_t& out) {
  if (n.integerForm) {
    // Read as an integer by nlohmann: exact, no rounding to double.
    if (n.negative) {
      out = 0;
      return n.token == "-0" ? Field::Ok : Field::Bad;
    }
    if (n.token.size() > 16) return Field::Bad;  // >= 10^16 > 2^53
    int64_t v = 0;
    for (char c : n.token) v = v * 10 + (c - '0');
    out = v;
    return v <= kMaxInteger ? Field::Ok : Field::Bad;
  }
  const double d = decimalToDouble(n.token);
  if (d < 0 || d > static_cast<double>(kMaxInteger) || std::floor(d) != d) return Field::Bad;
  out = static_cast<int64_t>(d);
  return Field::Ok;
}

}  // namespace qd
