#include "subscription.h"

#include <gtest/gtest.h>

#include "protocol.h"

namespace qd {
namespace {

using Strings = std::vector<std::string>;
using Change = Subscription::Change;

TEST(Subscription, SymbolsFollowTheServersPattern) {
  EXPECT_TRUE(validSymbol("BTC"));
  EXPECT_TRUE(validSymbol("BTC/USD"));
  EXPECT_TRUE(validSymbol("eth-perp_2.x"));
  EXPECT_TRUE(validSymbol(std::string(32, 'A')));
  EXPECT_FALSE(validSymbol(""));
  EXPECT_FALSE(validSymbol(std::string(33, 'A')));
  EXPECT_FALSE(validSymbol("BTC USD"));
  EXPECT_FALSE(validSymbol("BTC\"]"));
}

TEST(Subscription, AllNamedAndNothing) {
  Subscription all(std::nullopt);
  EXPECT_EQ(all.mode(), Subscription::Mode::All);
  EXPECT_TRUE(all.wants("ANY"));
  EXPECT_EQ(all.openingFrames(), (Strings{subscribeAllFrame()}));

  Subscription named(Strings{"ETH", "BTC"});
  EXPECT_TRUE(named.wants("BTC"));
  EXPECT_FALSE(named.wants("SOL"));
  EXPECT_EQ(named.openingFrames(), (Strings{subscribeFrame({"BTC", "ETH"})}));

  Subscription nothing(Strings{});
  EXPECT_FALSE(nothing.wants("BTC"));
  EXPECT_FALSE(nothing.expectsSnapshot());
  EXPECT_TRUE(nothing.openingFrames().empty());  // never an empty subscribe
}

TEST(Subscription, NamedSetGrowsAndShrinksToEmpty) {
  Subscription s(Strings{"BTC"});
  Strings frames;
  Strings removed;
  EXPECT_EQ(s.add({"ETH", "BTC", "ETH"}, frames), Change::Applied);
  EXPECT_EQ(frames, (Strings{subscribeFrame({"ETH"})}));
  EXPECT_EQ(s.add({"BTC"}, frames), Change::Unchanged);
  frames.clear();
  EXPECT_EQ(s.remove({"BTC", "ETH", "NOPE"}, frames, removed), Change::Applied);
  EXPECT_EQ(frames, (Strings{unsubscribeFrame({"BTC", "ETH"})}));
  EXPECT_EQ(removed, (Strings{"BTC", "ETH"}));
  EXPECT_EQ(s.mode(), Subscription::Mode::Only);
  EXPECT_FALSE(s.expectsSnapshot());
  EXPECT_TRUE(s.openingFrames().empty());
}

TEST(Subscription, AllBecomesAllExceptAndBack) {
  Subscription s(std::nullopt);
  Strings frames;
  Strings removed;
  EXPECT_EQ(s.add({"BTC"}, frames), Change::Unchanged);
  EXPECT_EQ(s.remove({"BTC"}, frames, removed), Change::Applied);
  EXPECT_EQ(s.mode(), Subscription::Mode::AllExcept);
  EXPECT_FALSE(s.wants("BTC"));
  EXPECT_TRUE(s.wants("ETH"));
  EXPECT_EQ(s.openingFrames(), (Strings{subscribeAllFrame(), unsubscribeFrame({"BTC"})}));
  frames.clear();
  EXPECT_EQ(s.add({"BTC"}, frames), Change::Applied);
  EXPECT_EQ(frames, (Strings{subscribeFrame({"BTC"})}));
  EXPECT_EQ(s.mode(), Subscription::Mode::All);
}

TEST(Subscription, TheCapAndBadSymbolsChangeNothing) {
  Strings names;
  for (int i = 0; i < 1000; ++i) names.push_back("S" + std::to_string(i));
  Subscription s(names);
  Strings frames;
  Strings removed;
  EXPECT_EQ(s.add({"ONE_MORE"}, frames), Change::TooMany);
  EXPECT_EQ(s.add({"BTC", "no way"}, frames), Change::BadSymbol);
  EXPECT_TRUE(frames.empty());
  EXPECT_EQ(s.names().size(), 1000u);
  EXPECT_EQ(s.openingFrames().size(), 10u);  // 100 per frame

  Subscription all(std::nullopt);
  EXPECT_EQ(all.remove(names, frames, removed), Change::Applied);  // 1,000 exclusions
  EXPECT_EQ(frames.size(), 10u);
  EXPECT_EQ(all.remove({"ONE_MORE"}, frames, removed), Change::TooMany);
}

}  // namespace
}  // namespace qd
