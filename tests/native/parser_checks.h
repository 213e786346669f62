#pragma once
// What the parser tests share: doubles compared bit for bit (so -0 and +0,
// or two NaNs, are told apart), prices and frames field by field, and the
// random edits the differential tests make to seed texts.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "protocol.h"

namespace qd {

inline uint64_t bits(double d) {
  uint64_t b;
  std::memcpy(&b, &d, sizeof b);
  return b;
}

inline bool sameBits(double a, double b) { return bits(a) == bits(b); }

inline void expectSamePrices(const std::vector<Price>& a, const std::vector<Price>& b, const std::string& text) {
  ASSERT_EQ(a.size(), b.size()) << text;
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].symbol, b[i].symbol) << text;
    EXPECT_TRUE(sameBits(a[i].price, b[i].price)) << text;
    EXPECT_TRUE(sameBits(a[i].confidence, b[i].confidence)) << text;
    EXPECT_EQ(a[i].publishTime, b[i].publishTime) << text;
    EXPECT_EQ(a[i].seq, b[i].seq) << text;
    EXPECT_EQ(a[i].timeFromResponse, b[i].timeFromResponse) << text;
  }
}

/// Everything a Frame carries, prices bit for bit.
inline void expectSameFrame(const Frame& a, const Frame& b, const std::string& text) {
  ASSERT_EQ(a.type, b.type) << text;
  EXPECT_EQ(a.timestamp, b.timestamp) << text;
  EXPECT_EQ(a.errorCode, b.errorCode) << text;
  EXPECT_EQ(a.errorMessage, b.errorMessage) << text;
  EXPECT_EQ(a.entries, b.entries) << text;
  expectSamePrices(a.prices, b.prices, text);
}

/// One to three random edits of `text`: a byte replaced or inserted (from
/// `alphabet`), a few bytes erased, or a token inserted. Deterministic for a
/// given `rng`, so a failure reproduces.
inline std::string mutate(std::string text, std::mt19937_64& rng, const std::string& alphabet,
                          const std::vector<std::string>& tokens) {
  const int edits = 1 + static_cast<int>(rng() % 3);
  for (int e = 0; e < edits && !text.empty(); ++e) {
    const size_t at = rng() % text.size();
    switch (rng() % 4) {
      case 0: text[at] = alphabet[rng() % alphabet.size()]; break;
      case 1: text.insert(at, 1, alphabet[rng() % alphabet.size()]); break;
      case 2: text.erase(at, 1 + rng() % 3); break;
      default: text.insert(at, tokens[rng() % tokens.size()]); break;
    }
  }
  return text;
}

}  // namespace qd
