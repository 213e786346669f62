#include "decimal_digits.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>
#include <string>

#include "decimal_to_double.h"
#include "parser_checks.h"

namespace qd {
namespace {

// Bit equality with the C library, the reference, for the slow path on its
// own and for decimalToDouble, which hands it what its fast path cannot take.
void expectSameAsStrtod(const std::string& token) {
  const double want = std::strtod(token.c_str(), nullptr);
  ASSERT_EQ(bits(decimalDigitsToDouble(token)), bits(want)) << token << ": strtod " << want;
  ASSERT_EQ(bits(decimalToDouble(token)), bits(want)) << token << ": strtod " << want;
}

TEST(DecimalDigits, ShortNumbersToo) {
  // Correct for every input, not only the ones the fast path leaves it.
  for (const char* c : {"0", "-0", "0.0", "1", "-1", "0.1", "67012.3", "1e22", "1e23", "9007199254740993",
                        "5e-324", "1e-324", "2.4703282292062327e-324", "1.7976931348623157e308", "1e309",
                        "123456789012345678901234567890", "0e999999999", "-0.000e-5"}) {
    expectSameAsStrtod(c);
  }
  std::mt19937_64 rng(21);
  char buf[64];
  for (int i = 0; i < 20000; ++i) {
    const uint64_t b = rng();
    double d;
    std::memcpy(&d, &b, sizeof d);
    if (!std::isfinite(d)) continue;
    std::snprintf(buf, sizeof buf, i % 2 ? "%.17g" : "%.6e", d);
    expectSameAsStrtod(buf);
  }
}

// The slow path on its own ground: long digit strings (past the 800 digits
// it keeps), exact halfway points between neighbouring doubles (a tie goes
// to even; one more nonzero digit, however far out, breaks it), denormals,
// and the edges of overflow. long double holds such a midpoint exactly and
// glibc prints its exact decimal expansion.
TEST(DecimalDigits, HalfwayAndLongInputsMatchStrtod) {
  static_assert(std::numeric_limits<long double>::digits >= 54, "a midpoint needs 54 bits");
  std::mt19937_64 rng(13);
  char buf[2048];
  int checked = 0;
  for (int i = 0; i < 3000; ++i) {
    uint64_t b = rng();
    if (i % 3 == 0) b &= (uint64_t{1} << 52) - 1;  // denormals too
    double d;
    std::memcpy(&d, &b, sizeof d);
    d = std::fabs(d);
    if (!std::isfinite(d) || d == std::numeric_limits<double>::max()) continue;
    const long double mid = (static_cast<long double>(d) + std::nextafter(d, HUGE_VAL)) / 2;
    std::snprintf(buf, sizeof buf, "%.1100Le", mid);
    std::string exact = buf;
    // Cut the zeros printf padded with, keep the exponent.
    const size_t e = exact.find('e');
    std::string digits = exact.substr(0, e);
    const std::string exponent = exact.substr(e);
    while (digits.back() == '0') digits.pop_back();
    if (digits.back() == '.') digits.pop_back();
    expectSameAsStrtod(digits + exponent);                                  // the tie
    expectSameAsStrtod(digits + (digits.find('.') == std::string::npos ? "." : "") +
                       std::string(900, '0') + "1" + exponent);             // just above, past 800 digits
    std::string below = digits;
    size_t last = below.size() - 1;
    while (below[last] == '0' || below[last] == '.') --last;
    below[last] = static_cast<char>(below[last] - 1);
    expectSameAsStrtod(below + std::string(50, '9') + exponent);            // just below
    checked += 3;
  }
  // Random long mantissas with exponents all over the range.
  for (int i = 0; i < 3000; ++i) {
    std::string s = std::to_string(1 + rng() % 9);
    const int len = static_cast<int>(rng() % 1200);
    for (int k = 0; k < len; ++k) s += static_cast<char>('0' + rng() % 10);
    if (rng() % 2) s.insert(1 + rng() % s.size(), ".");
    if (s.back() == '.') s += '0';
    s += "e" + std::to_string(static_cast<int>(rng() % 1400) - 1000);
    expectSameAsStrtod(s);
    ++checked;
  }
  for (const char* edge : {"1.7976931348623158079e308", "1.7976931348623158080e308", "1.797693134862315807937e308",
                           "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649"
                           "017977587207096330286416692887910946555547851940402630657488671505820681908902000708383"
                           "676273854845817711531764475730270069855571366959622842914819860834936475292719074168444"
                           "365510704342711559699508093042880177904174497792",
                           "2.4703282292062327208828439643411068618252990130716238221279284125033775364e-324",
                           "2.4703282292062327208828439643411068618252990130716238221279284125033775363e-324",
                           "2.2250738585072011e-308", "0.000000000000000000000000000000000000001e-285",
                           "100000000000000000000000", "1.00000000000000011102230246251565404236316680908203125",
                           "1.00000000000000011102230246251565404236316680908203124",
                           "1.00000000000000011102230246251565404236316680908203126"}) {
    expectSameAsStrtod(edge);
    ++checked;
  }
  EXPECT_GT(checked, 10000);
}

}  // namespace
}  // namespace qd
