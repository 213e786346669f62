#include "price_book.h"

#include <gtest/gtest.h>

#include "drop_counts.h"

#include <cmath>
#include <limits>

namespace qd {
namespace {

Price px(const std::string& sym, double price, int64_t publishTime, int64_t seq = -1) {
  Price p;
  p.symbol = sym;
  p.price = price;
  p.confidence = 1;
  p.publishTime = publishTime;
  p.seq = seq;
  p.source = Source::Ws;
  return p;
}

bool same(const std::vector<Price>& a, const std::vector<Price>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].symbol != b[i].symbol || a[i].price != b[i].price || a[i].seq != b[i].seq ||
        a[i].publishTime != b[i].publishTime || a[i].receivedAt != b[i].receivedAt ||
        a[i].stale != b[i].stale || a[i].confidence != b[i].confidence) {
      return false;
    }
  }
  return true;
}

TEST(PriceBook, AnUpdateToAKnownSymbolReplacesEveryValue) {
  PriceBook b;
  DropCounts d;
  Price first = px("BTC", 100, 10, 1);
  first.receivedAt = 1000;
  ASSERT_EQ(b.apply(first, 0, d), ApplyResult::Applied);
  b.markStale(100, 50);  // stale now: the next update must clear it
  ASSERT_TRUE(b.find("BTC")->stale);

  Price next = px("BTC", 101.5, 20, 2);
  next.confidence = 0.25;
  next.source = Source::Poll;
  next.receivedAt = 2000;
  next.timeFromResponse = true;  // another clock: the newcomer wins
  ASSERT_EQ(b.apply(next, 200, d), ApplyResult::Applied);
  const Price* p = b.find("BTC");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->symbol, "BTC");
  EXPECT_EQ(p->price, 101.5);
  EXPECT_EQ(p->confidence, 0.25);
  EXPECT_EQ(p->publishTime, 20);
  EXPECT_EQ(p->seq, 2);
  EXPECT_EQ(p->source, Source::Poll);
  EXPECT_EQ(p->receivedAt, 2000);
  EXPECT_FALSE(p->stale);
  EXPECT_TRUE(p->timeFromResponse);
}

TEST(PriceBook, AppliesKeepingTheCallersWallClockAndTimesStalenessOnItsOwn) {
  PriceBook b;
  DropCounts d;
  Price u = px("BTC", 100, 10, 1);
  u.receivedAt = 1730340000500;  // the wall clock the controller stamped
  EXPECT_EQ(b.apply(u, 500, d), ApplyResult::Applied);
  const Price* p = b.find("BTC");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->price, 100);
  EXPECT_EQ(p->receivedAt, 1730340000500);
  EXPECT_EQ(p->seq, 1);
  EXPECT_EQ(p->source, Source::Ws);
  EXPECT_EQ(d.total(), 0);
  // Staleness runs on the engine's clock (`now` = 500), not on receivedAt.
  EXPECT_EQ(b.nextStaleDeadline(30000), 30500);
}

TEST(PriceBook, OrdersBySeqWhenBothHaveOne) {
  PriceBook b;
  DropCounts d;
  b.apply(px("BTC", 100, 1000, 5), 0, d);
  EXPECT_EQ(b.apply(px("BTC", 101, 900, 6), 1, d), ApplyResult::Applied);  // seq wins over time
  EXPECT_EQ(b.apply(px("BTC", 99, 900, 6), 2, d), ApplyResult::Duplicate);
  EXPECT_EQ(b.apply(px("BTC", 98, 900, 4), 3, d), ApplyResult::Older);
  EXPECT_EQ(b.find("BTC")->price, 101);
  EXPECT_EQ(dropped(d, "duplicate"), 1);
  EXPECT_EQ(dropped(d, "stale_seq"), 1);
}

TEST(PriceBook, LowerSeqWithNewerPublishTimeIsAServerRestart) {
  PriceBook b;
  DropCounts d;
  b.apply(px("BTC", 100, 1000, 500), 0, d);
  EXPECT_EQ(b.apply(px("BTC", 102, 2000, 1), 1, d), ApplyResult::Applied);
  EXPECT_EQ(b.seqResets(), 1);
  EXPECT_EQ(b.find("BTC")->seq, 1);
  // ...but an old low seq (not newer in time) is still old.
  EXPECT_EQ(b.apply(px("BTC", 50, 1500, 0), 2, d), ApplyResult::Older);
  EXPECT_EQ(b.seqResets(), 1);
}

TEST(PriceBook, OrdersByPublishTimeWithoutSeq) {
  PriceBook b;
  DropCounts d;
  b.apply(px("ETH", 10, 1000), 0, d);
  EXPECT_EQ(b.apply(px("ETH", 11, 1000), 1, d), ApplyResult::Duplicate);
  EXPECT_EQ(b.apply(px("ETH", 12, 999), 2, d), ApplyResult::Older);
  EXPECT_EQ(b.apply(px("ETH", 13, 1001), 3, d), ApplyResult::Applied);
  // A seq'd update against a seq-less entry is ordered by time too.
  EXPECT_EQ(b.apply(px("ETH", 14, 1001, 7), 4, d), ApplyResult::Duplicate);
  EXPECT_EQ(b.apply(px("ETH", 15, 1002, 7), 5, d), ApplyResult::Applied);
  EXPECT_EQ(b.find("ETH")->price, 15);
  EXPECT_EQ(dropped(d, "duplicate"), 2);
  EXPECT_EQ(dropped(d, "stale_time"), 1);
}

TEST(PriceBook, EveryMalformedUpdateIsDroppedCountedAndLeavesTheBookUnchanged) {
  PriceBook b;
  DropCounts d;
  b.apply(px("BTC", 100, 1000, 5), 0, d);
  const auto before = b.all();
  b.takeChanged();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  struct Case {
    Price p;
    const char* reason;
  } cases[] = {
      {px("BTC", nan, 2000, 6), "bad_price"},
      {px("BTC", inf, 2000, 6), "bad_price"},
      {px("BTC", -inf, 2000, 6), "bad_price"},
      {px("BTC", 0, 2000, 6), "bad_price"},
      {px("BTC", -1, 2000, 6), "bad_price"},
      {px("", 1, 2000, 6), "missing_symbol"},
      {px(std::string(33, 'X'), 1, 2000, 6), "bad_symbol"},
      {px("BTC", 1, -1, 6), "bad_time"},
      {px("BTC", 1, 2000, -2), "bad_seq"},
      {px("BTC", 1, (int64_t{1} << 53) + 1, 6), "bad_time"},
  };
  for (const auto& c : cases) {
    DropCounts one;
    EXPECT_EQ(b.apply(c.p, 10, one), ApplyResult::Invalid) << c.reason;
    EXPECT_EQ(dropped(one, c.reason), 1) << c.reason;
    EXPECT_EQ(dropMap(one).size(), 1u) << c.reason;
  }
  Price badConfidence = px("BTC", 1, 2000, 6);
  badConfidence.confidence = nan;
  DropCounts one;
  EXPECT_EQ(b.apply(badConfidence, 10, one), ApplyResult::Invalid);
  EXPECT_EQ(dropped(one, "bad_confidence"), 1);
  EXPECT_TRUE(same(b.all(), before));
  EXPECT_FALSE(b.hasChanges());
}

TEST(PriceBook, BatchHasOneEntryPerChangedSymbol) {
  PriceBook b;
  DropCounts d;
  b.apply(px("BTC", 1, 1, 1), 0, d);
  b.apply(px("BTC", 2, 2, 2), 0, d);
  b.apply(px("BTC", 3, 3, 3), 0, d);
  b.apply(px("ETH", 9, 1, 1), 0, d);
  auto batch = b.takeChanged();
  ASSERT_EQ(batch.size(), 2u);
  EXPECT_EQ(batch[0].symbol, "BTC");
  EXPECT_EQ(batch[0].price, 3);
  EXPECT_EQ(batch[1].symbol, "ETH");
  EXPECT_TRUE(b.takeChanged().empty());
  b.apply(px("ETH", 9, 1, 1), 0, d);  // duplicate: no change
  EXPECT_TRUE(b.takeChanged().empty());
}

TEST(PriceBook, StaleAfterTheWindowWithoutUpdate) {
  PriceBook b;
  DropCounts d;
  b.apply(px("BTC", 1, 1, 1), 1000, d);
  b.apply(px("ETH", 1, 1, 1), 5000, d);
  b.takeChanged();
  EXPECT_EQ(b.nextStaleDeadline(30000), 31000);
  b.markStale(30999, 30000);
  EXPECT_FALSE(b.hasChanges());
  b.markStale(31000, 30000);
  auto batch = b.takeChanged();
  ASSERT_EQ(batch.size(), 1u);
  EXPECT_EQ(batch[0].symbol, "BTC");
  EXPECT_TRUE(batch[0].stale);
  EXPECT_EQ(b.nextStaleDeadline(30000), 35000);
  // A fresh update clears the flag.
  b.apply(px("BTC", 2, 2, 2), 40000, d);
  EXPECT_FALSE(b.find("BTC")->stale);
}

TEST(PriceBook, StaleDeadlineMayComeEarlyNeverLate) {
  PriceBook b;
  DropCounts d;
  b.apply(px("BTC", 1, 1, 1), 0, d);
  b.apply(px("ETH", 1, 1, 1), 10000, d);
  b.apply(px("BTC", 2, 2, 2), 20000, d);  // BTC moves later; the bound stays at 0
  b.takeChanged();
  EXPECT_EQ(b.nextStaleDeadline(30000), 30000);
  b.markStale(30000, 30000);  // early: nothing is stale yet
  EXPECT_FALSE(b.hasChanges());
  EXPECT_EQ(b.nextStaleDeadline(30000), 40000);  // now exact: ETH
  b.markStale(40000, 30000);
  auto batch = b.takeChanged();
  ASSERT_EQ(batch.size(), 1u);
  EXPECT_EQ(batch[0].symbol, "ETH");
  EXPECT_EQ(b.nextStaleDeadline(30000), 50000);
  b.markStale(50000, 30000);
  EXPECT_EQ(b.nextStaleDeadline(30000), -1);  // all stale: no timer
}

TEST(PriceBook, RestTimestampsOrderOnlyAmongThemselves) {
  // Contract section 5 v2: a REST answer without meta carries the server's
  // `timestamp`, another machine's clock than the source's publishTime.
  PriceBook b;
  DropCounts d;
  Price rest = px("BTC", 100, 5000);  // REST `timestamp` 5000 (server clock ahead)
  rest.timeFromResponse = true;
  rest.source = Source::Poll;
  ASSERT_EQ(b.apply(rest, 0, d), ApplyResult::Applied);
  // The WebSocket's prices carry the source's publishTime (1000, 1100): not
  // comparable with 5000, never dropped because of it.
  EXPECT_EQ(b.apply(px("BTC", 101, 1000, 7), 1, d), ApplyResult::Applied);
  EXPECT_EQ(b.apply(px("BTC", 102, 1100, 8), 2, d), ApplyResult::Applied);
  EXPECT_EQ(b.apply(px("BTC", 103, 1100, 8), 3, d), ApplyResult::Duplicate);  // seq order as usual
  // REST answers among themselves: by timestamp.
  Price a = rest;
  a.publishTime = 6000;
  Price older = rest;
  older.publishTime = 5500;
  EXPECT_EQ(b.apply(a, 4, d), ApplyResult::Applied);
  EXPECT_EQ(b.apply(older, 5, d), ApplyResult::Older);
  EXPECT_EQ(b.apply(a, 6, d), ApplyResult::Duplicate);
  EXPECT_EQ(b.find("BTC")->price, 100);
  EXPECT_EQ(dropped(d, "stale_time"), 1);
  EXPECT_EQ(dropped(d, "duplicate"), 2);
}

TEST(PriceBook, EraseForgetsASymbolAndItsPendingChange) {
  PriceBook b;
  DropCounts d;
  b.apply(px("BTC", 1, 1, 1), 0, d);
  b.apply(px("ETH", 1, 1, 1), 0, d);
  b.erase("ETH");
  EXPECT_EQ(b.find("ETH"), nullptr);
  EXPECT_EQ(b.size(), 1u);
  const auto batch = b.takeChanged();
  ASSERT_EQ(batch.size(), 1u);
  EXPECT_EQ(batch[0].symbol, "BTC");
  EXPECT_EQ(b.apply(px("ETH", 1, 1, 1), 1, d), ApplyResult::Applied);  // a fresh start
}

TEST(PriceBook, RefusesNewSymbolsPastTheLimit) {
  PriceBook b;
  DropCounts d;
  for (size_t i = 0; i < kMaxSymbols; ++i) b.apply(px("S" + std::to_string(i), 1, 1), 0, d);
  EXPECT_EQ(b.apply(px("ONE_TOO_MANY", 1, 1), 0, d), ApplyResult::Invalid);
  EXPECT_EQ(dropped(d, "too_many_symbols"), 1);
  EXPECT_EQ(b.size(), kMaxSymbols);
  EXPECT_EQ(b.apply(px("S0", 2, 2), 0, d), ApplyResult::Applied);  // known ones still update
}

}  // namespace
}  // namespace qd
