#include "entry_rules.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace qd {
namespace {

RawEntry good() {
  RawEntry e;
  e.symbolIsString = true;
  e.symbol = "BTC";
  e.price = Field::Ok;
  e.priceValue = 67000.5;
  e.confidence = Field::Ok;
  e.confidenceValue = 12;
  e.time = Field::Ok;
  e.timeValue = 1730340000000;
  e.seq = Field::Ok;
  e.seqValue = 7;
  return e;
}

std::string why(const RawEntry& e, int64_t fallback = -1) {
  Price p;
  Drop d;
  return readEntry(e, fallback, p, d) ? "" : dropCode(d);
}

TEST(EntryRules, AGoodEntryBecomesAPrice) {
  Price p;
  Drop d;
  ASSERT_TRUE(readEntry(good(), -1, p, d));
  EXPECT_EQ(p.symbol, "BTC");
  EXPECT_EQ(p.price, 67000.5);
  EXPECT_EQ(p.confidence, 12);
  EXPECT_EQ(p.publishTime, 1730340000000);
  EXPECT_EQ(p.seq, 7);
}

TEST(EntryRules, EachRuleInTheContractsOrder) {
  auto edit = [](auto f) {
    RawEntry e = good();
    f(e);
    return e;
  };
  EXPECT_EQ(why(edit([](RawEntry& e) { e.isObject = false; })), "bad_entry");
  EXPECT_EQ(why(edit([](RawEntry& e) { e.symbolIsString = false; e.price = Field::Bad; })), "missing_symbol");
  EXPECT_EQ(why(edit([](RawEntry& e) { e.symbol = ""; })), "missing_symbol");
  EXPECT_EQ(why(edit([](RawEntry& e) { e.symbol = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456"; })), "bad_symbol");
  EXPECT_EQ(why(edit([](RawEntry& e) { e.price = Field::Absent; })), "bad_price");
  EXPECT_EQ(why(edit([](RawEntry& e) { e.priceValue = 0; })), "bad_price");
  EXPECT_EQ(why(edit([](RawEntry& e) { e.priceValue = std::nan(""); })), "bad_price");
  EXPECT_EQ(why(edit([](RawEntry& e) { e.confidence = Field::Bad; e.time = Field::Bad; })), "bad_confidence");
  EXPECT_EQ(why(edit([](RawEntry& e) { e.confidenceValue = -1; })), "bad_confidence");
  EXPECT_EQ(why(edit([](RawEntry& e) { e.time = Field::Bad; e.seq = Field::Bad; })), "bad_time");
  EXPECT_EQ(why(edit([](RawEntry& e) { e.time = Field::Absent; e.seq = Field::Bad; })), "missing_time");
  EXPECT_EQ(why(edit([](RawEntry& e) { e.time = Field::Absent; e.seq = Field::Bad; }), 5), "bad_seq");
  EXPECT_EQ(why(edit([](RawEntry& e) { e.seq = Field::Bad; })), "bad_seq");
}

TEST(EntryRules, AMissingTimeTakesTheEnvelopes) {
  RawEntry e = good();
  e.time = Field::Absent;
  e.seq = Field::Absent;
  e.confidence = Field::Absent;
  Price p;
  Drop d;
  ASSERT_TRUE(readEntry(e, 77, p, d));
  EXPECT_EQ(p.publishTime, 77);
  EXPECT_EQ(p.seq, -1);
  EXPECT_EQ(p.confidence, 0);
}

TEST(EntryRules, CheckPriceGuardsTheBook) {
  Price p;
  p.symbol = "BTC";
  p.price = 1;
  Drop d;
  EXPECT_TRUE(checkPrice(p, d));
  p.confidence = std::numeric_limits<double>::infinity();
  EXPECT_FALSE(checkPrice(p, d));
  EXPECT_EQ(d, Drop::BadConfidence);
  p.confidence = 0;
  p.seq = -2;
  EXPECT_FALSE(checkPrice(p, d));
  EXPECT_EQ(d, Drop::BadSeq);
}

}  // namespace
}  // namespace qd
