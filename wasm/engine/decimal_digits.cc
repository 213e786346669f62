#include "decimal_digits.h"

#include <cstdint>
#include <cstring>

namespace qd {
namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }

/// The slow path keeps this many significant digits. A double, or the
/// midpoint between two doubles, has at most 767 of them, so 800 digits and
/// a flag for "nonzero digits were dropped" decide every rounding exactly
/// (the bound Go's strconv and fast_float use for the same algorithm).
constexpr int kMaxDecimalDigits = 800;
/// Room a left shift by up to kMaxShift bits needs for its new leading digits.
constexpr int kShiftRoom = 20;
/// Shifts stay within uint64: a digit times 2^60 plus a carry fits.
constexpr unsigned kMaxShift = 60;

/// A decimal number as digits: value = 0.d[0]d[1]...d[count-1] * 10^point.
struct Decimal {
  int count = 0;
  int point = 0;
  bool truncated = false;  ///< nonzero digits beyond d were dropped
  uint8_t d[kMaxDecimalDigits + kShiftRoom];
};

void trim(Decimal& a) {
  while (a.count > 0 && a.d[a.count - 1] == 0) --a.count;
  if (a.count == 0) a.point = 0;
}

// a /= 2^k, k <= kMaxShift (Go's strconv rightShift).
void rightShift(Decimal& a, unsigned k) {
  int r = 0;
  int w = 0;
  uint64_t n = 0;
  for (; (n >> k) == 0; ++r) {  // enough leading digits for the first quotient digit
    if (r >= a.count) {
      if (n == 0) {
        a.count = 0;
        return;
      }
      while ((n >> k) == 0) {
        n *= 10;
        ++r;
      }
      break;
    }
    n = n * 10 + a.d[r];
  }
  a.point -= r - 1;
  const uint64_t mask = (uint64_t{1} << k) - 1;
  for (; r < a.count; ++r) {
    const uint64_t c = a.d[r];
    a.d[w++] = static_cast<uint8_t>(n >> k);
    n = (n & mask) * 10 + c;
  }
  while (n > 0) {
    const auto digit = static_cast<uint8_t>(n >> k);
    if (w < kMaxDecimalDigits) {
      a.d[w++] = digit;
    } else if (digit > 0) {
      a.truncated = true;
    }
    n = (n & mask) * 10;
  }
  a.count = w;
  trim(a);
}

// a *= 2^k, k <= kMaxShift: from the last digit up, each digit lands
// kShiftRoom places further right (never on a digit still to be read), then
// the result moves back to the front.
void leftShift(Decimal& a, unsigned k) {
  uint64_t carry = 0;
  int w = a.count + kShiftRoom;
  for (int r = a.count - 1; r >= 0; --r) {
    const uint64_t v = (uint64_t{a.d[r]} << k) + carry;
    a.d[--w] = static_cast<uint8_t>(v % 10);
    carry = v / 10;
  }
  while (carry > 0) {  // < 2^60 < 10^19: at most 19 new digits
    a.d[--w] = static_cast<uint8_t>(carry % 10);
    carry /= 10;
  }
  int n = a.count + kShiftRoom - w;
  a.point += n - a.count;
  std::memmove(a.d, a.d + w, static_cast<std::size_t>(n));
  for (int i = kMaxDecimalDigits; i < n; ++i) {
    if (a.d[i] != 0) a.truncated = true;
  }
  a.count = n < kMaxDecimalDigits ? n : kMaxDecimalDigits;
  trim(a);
}

// The integer part of a (< 2^64 for the callers), rounded half to even; a
// tie with dropped nonzero digits is not a tie.
uint64_t roundedInteger(const Decimal& a) {
  if (a.count == 0 || a.point < 0) return 0;
  if (a.point > 18) return UINT64_MAX;
  uint64_t n = 0;
  for (int i = 0; i < a.point; ++i) n = n * 10 + (i < a.count ? a.d[i] : 0);
  bool up = false;
  if (a.point < a.count) {
    up = a.d[a.point] >= 5;
    if (a.d[a.point] == 5 && a.point + 1 == a.count) {
      up = a.truncated || (a.point > 0 && (a.d[a.point - 1] & 1));
    }
  }
  return n + (up ? 1 : 0);
}

}  // namespace

double decimalDigitsToDouble(std::string_view token) {
  Decimal a;
  const char* p = token.data();
  const char* const end = p + token.size();
  const bool negative = p != end && *p == '-';
  if (negative) ++p;
  bool afterDot = false;
  for (; p != end && (isDigit(*p) || *p == '.'); ++p) {
    if (*p == '.') {
      afterDot = true;
      continue;
    }
    if (a.count == 0 && *p == '0') {  // leading zeros only move the point
      if (afterDot) --a.point;
      continue;
    }
    if (!afterDot) ++a.point;
    if (a.count < kMaxDecimalDigits) {
      a.d[a.count++] = static_cast<uint8_t>(*p - '0');
    } else if (*p != '0') {
      a.truncated = true;
    }
  }
  if (p != end) {  // 'e' or 'E'
    ++p;
    const bool negExp = p != end && *p == '-';
    if (p != end && (*p == '-' || *p == '+')) ++p;
    int e = 0;
    for (; p != end; ++p) {
      if (e < 100000) e = e * 10 + (*p - '0');  // beyond that: 0 or inf anyway
    }
    a.point += negExp ? -e : e;
  }
  trim(a);
  const uint64_t sign = negative ? uint64_t{1} << 63 : 0;
  auto make = [&](uint64_t biasedExp, uint64_t mantissa) {
    const uint64_t bits = sign | biasedExp << 52 | mantissa;
    double v;
    std::memcpy(&v, &bits, sizeof v);
    return v;
  };
  constexpr uint64_t kInfinite = 0x7FF;
  if (a.count == 0 || a.point < -324) return make(0, 0);  // below half the least denormal
  if (a.point >= 310) return make(kInfinite, 0);          // at least 10^309

  // Scale into [1/2, 1), counting the powers of two: exp2.
  static const uint8_t kShiftFor[] = {0, 3, 6, 9, 13, 16, 19, 23, 26, 29, 33, 36, 39, 43, 46, 49, 53, 56, 59};
  constexpr int kShifts = sizeof kShiftFor;
  int exp2 = 0;
  while (a.point > 0) {
    const unsigned k = a.point < kShifts ? kShiftFor[a.point] : kMaxShift;
    rightShift(a, k);
    exp2 += static_cast<int>(k);
  }
  while (a.point < 0 || (a.point == 0 && a.d[0] < 5)) {
    unsigned k;
    if (a.point == 0) {
      k = a.d[0] < 2 ? 2 : 1;
    } else {
      k = -a.point < kShifts ? kShiftFor[-a.point] : kMaxShift;
    }
    leftShift(a, k);
    exp2 -= static_cast<int>(k);
  }
  --exp2;  // [1/2, 1) -> [1, 2)
  constexpr int kMinExp = -1022;
  while (exp2 < kMinExp) {  // denormal: fewer mantissa bits
    const auto need = static_cast<unsigned>(kMinExp - exp2);
    const unsigned k = need < kMaxShift ? need : kMaxShift;
    rightShift(a, k);
    exp2 += static_cast<int>(k);
  }
  if (exp2 > 1023) return make(kInfinite, 0);
  leftShift(a, 53);
  uint64_t mantissa = roundedInteger(a);
  if (mantissa >= uint64_t{1} << 53) {  // rounding carried into a new bit
    rightShift(a, 1);
    ++exp2;
    mantissa = roundedInteger(a);
    if (exp2 > 1023) return make(kInfinite, 0);
  }
  uint64_t biased = static_cast<uint64_t>(exp2 + 1023);
  if (mantissa < uint64_t{1} << 52) --biased;  // denormal (exp2 was -1022): biased 0
  return make(biased, mantissa & ((uint64_t{1} << 52) - 1));
}

}  // namespace qd
