#include "decimal_to_double.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>

#include "parser_checks.h"

namespace qd {
namespace {

// Exact bit equality with the C library, the reference.
void expectSameAsStrtod(const std::string& token) {
  const double want = std::strtod(token.c_str(), nullptr);
  const double got = decimalToDouble(token);
  ASSERT_EQ(bits(got), bits(want)) << token << ": got " << got << ", strtod " << want;
}

TEST(DecimalToDouble, ExactValues) {
  EXPECT_EQ(decimalToDouble("0"), 0.0);
  EXPECT_EQ(decimalToDouble("67012.3"), 67012.3);
  EXPECT_EQ(decimalToDouble("0.1"), 0.1);
  EXPECT_EQ(decimalToDouble("1730340000123"), 1730340000123.0);
  EXPECT_EQ(decimalToDouble("-2.5e-3"), -0.0025);
  EXPECT_EQ(decimalToDouble("1E22"), 1e22);
  EXPECT_EQ(decimalToDouble("9007199254740993"), 9007199254740992.0);  // ties to even
  EXPECT_TRUE(std::signbit(decimalToDouble("-0")));
  EXPECT_TRUE(std::signbit(decimalToDouble("-0.0e7")));
  EXPECT_FALSE(std::signbit(decimalToDouble("0e-999")));
  EXPECT_EQ(decimalToDouble("1e400"), HUGE_VAL);
  EXPECT_EQ(decimalToDouble("-1e400"), -HUGE_VAL);
  EXPECT_EQ(decimalToDouble("1e-400"), 0.0);
  EXPECT_EQ(decimalToDouble("4.9406564584124654e-324"), 4.9406564584124654e-324);
  EXPECT_EQ(decimalToDouble("1.7976931348623157e308"), 1.7976931348623157e308);
}

TEST(DecimalToDouble, EdgeCasesMatchStrtod) {
  const char* cases[] = {
      // fast-path boundaries: 2^53 mantissa, 10^22, 15-19 digits
      "9007199254740992", "9007199254740993", "9007199254740991", "18014398509481984",
      "1e22", "1e23", "1e-22", "1e-23", "9007199254740992e22", "9007199254740993e-22",
      "123456789012345", "1234567890123456", "12345678901234567", "1234567890123456789",
      "12345678901234567890", "99999999999999999999", "18446744073709551615",
      "18446744073709551616", "0.000000000000000000000000001", "1.000000000000000000001",
      // halfway cases and classic hard ones
      "2.2250738585072011e-308", "2.2250738585072012e-308", "2.2250738585072014e-308",
      "4.9406564584124654e-324", "2.4703282292062327e-324", "2.4703282292062328e-324",
      "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308",
      "9007199254740993.0000000001", "0.30000000000000004", "0.1e1", "100e-2",
      "7.038531e-26", "8.533e+68", "4.1006e-184", "9.998e+307", "9.9538452227e-280",
      "6.47660115e-260", "7.4e+47", "5.92e+48", "7.35e+66", "8.32116e+55",
      "3.0540412e5", "8.9255e-84", "1.1754943508222875e-38", "5e-324", "1e-324",
      "1e308", "1e309", "123456789e-330", "0.0", "-0.0", "0e5", "-0e-5", "1e0", "1E+0",
      "1e-0", "67012.3", "67012.30", "67012.300000000000000000", "1730340000123",
      "2650.5", "12.1", "0.000123", "-1.5e-7", "1e100000", "1e-100000",
  };
  for (const char* c : cases) expectSameAsStrtod(c);
}

TEST(DecimalToDouble, RandomDoublesPrintedAtEveryPrecisionMatchStrtod) {
  std::mt19937_64 rng(20261126);
  const char* formats[] = {"%.17g", "%.16g", "%.15g", "%.9g", "%.6g", "%.3e", "%.2f"};
  char buf[512];
  int checked = 0;
  for (int i = 0; i < 40000; ++i) {
    const uint64_t b = rng();
    double d;
    std::memcpy(&d, &b, sizeof d);
    if (!std::isfinite(d)) continue;
    for (const char* f : formats) {
      std::snprintf(buf, sizeof buf, f, d);
      expectSameAsStrtod(buf);
      ++checked;
    }
  }
  EXPECT_GT(checked, 250000);
}

// The numbers a price feed sends: prices with a few decimals, ms times, seqs.
TEST(DecimalToDouble, PriceLikeDecimalsMatchStrtod) {
  std::mt19937_64 rng(42);
  for (int i = 0; i < 300000; ++i) {
    std::string s;
    if (rng() % 4 == 0) s += '-';
    const int intDigits = static_cast<int>(rng() % 20);  // 0 = "0"
    if (intDigits == 0) {
      s += '0';
    } else {
      s += static_cast<char>('1' + rng() % 9);
      for (int k = 1; k < intDigits; ++k) s += static_cast<char>('0' + rng() % 10);
    }
    const int fracDigits = static_cast<int>(rng() % 12);
    if (fracDigits > 0) {
      s += '.';
      for (int k = 0; k < fracDigits; ++k) s += static_cast<char>('0' + rng() % 10);
    }
    if (rng() % 5 == 0) {
      s += rng() % 2 ? 'e' : 'E';
      const int pick = static_cast<int>(rng() % 3);
      if (pick == 1) s += '-';
      if (pick == 2) s += '+';
      s += std::to_string(rng() % 40);
    }
    expectSameAsStrtod(s);
  }
}

}  // namespace
}  // namespace qd
