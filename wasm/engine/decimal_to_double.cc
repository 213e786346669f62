#include "decimal_to_double.h"

#include <cfloat>
#include <cstdint>

#include "decimal_digits.h"

namespace qd {
namespace {

// Clinger's fast path needs every double operation rounded once, in double:
// no x87 extended precision.
static_assert(FLT_EVAL_METHOD == 0, "the fast path needs plain double arithmetic");

/// Exact powers of ten: 10^22 is the largest that a double holds exactly
/// (5^22 < 2^53), which is why the fast path stops at |exponent| 22.
constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                             1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                             1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
/// Digits above 2^53 are not all exact in a double.
constexpr uint64_t kMaxExactMantissa = uint64_t{1} << 53;
/// 19 decimal digits always fit in uint64 (10^19 < 2^64).
constexpr int kMaxDigits = 19;

bool isDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

double decimalToDouble(std::string_view token) {
  const char* p = token.data();
  const char* const end = p + token.size();
  const bool negative = p != end && *p == '-';
  if (negative) ++p;
  // The significant digits as an integer w and a power of ten: value = w * 10^exp10.
  uint64_t w = 0;
  int digits = 0;  // significant digits in w (leading zeros do not count)
  int exp10 = 0;
  for (; p != end && isDigit(*p); ++p) {
    if (digits == kMaxDigits) return decimalDigitsToDouble(token);
    w = w * 10 + static_cast<uint64_t>(*p - '0');
    if (w != 0) ++digits;
  }
  if (p != end && *p == '.') {
    for (++p; p != end && isDigit(*p); ++p) {
      if (digits == kMaxDigits) return decimalDigitsToDouble(token);
      w = w * 10 + static_cast<uint64_t>(*p - '0');
      if (w != 0) ++digits;
      --exp10;
    }
  }
  if (p != end && (*p == 'e' || *p == 'E')) {
    ++p;
    const bool negExp = p != end && *p == '-';
    if (p != end && (*p == '-' || *p == '+')) ++p;
    int e = 0;
    for (; p != end && isDigit(*p); ++p) {
      if (e > 100000) return decimalDigitsToDouble(token);  // far outside double's range
      e = e * 10 + (*p - '0');
    }
    exp10 += negExp ? -e : e;
  }
  if (w == 0) return negative ? -0.0 : 0.0;  // any exponent: still zero
  // Clinger (1990): w and 10^|exp10| are both exact doubles, so one IEEE
  // multiply or divide rounds the exact quotient/product once: correctly.
  if (w <= kMaxExactMantissa && exp10 >= -22 && exp10 <= 22) {
    double v = static_cast<double>(w);
    v = exp10 < 0 ? v / kPow10[-exp10] : v * kPow10[exp10];
    return negative ? -v : v;
  }
  return decimalDigitsToDouble(token);
}

}  // namespace qd
