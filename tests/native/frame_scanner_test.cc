#include "frame_scanner.h"

#include <gtest/gtest.h>

#include "drop_counts.h"
#include "parser_checks.h"

#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace qd {
namespace {

constexpr int64_t kMax = 1 << 20;

TEST(FrameScanner, ReadsAnUpdateInPlace) {
  DropCounts d;
  Frame f;
  ASSERT_TRUE(scanFrame(
      R"({"type":"market_data_update","data":{"symbol":"BTC","price":67013.1,"confidence":12.0,"publishTime":1730340000400,"seq":1043},"timestamp":1730340000410})",
      f, d));
  EXPECT_EQ(f.type, FrameType::Update);
  EXPECT_EQ(f.timestamp, 1730340000410);
  ASSERT_EQ(f.prices.size(), 1u);
  EXPECT_EQ(f.prices[0].symbol, "BTC");
  EXPECT_EQ(f.prices[0].price, 67013.1);
  EXPECT_EQ(f.prices[0].confidence, 12.0);
  EXPECT_EQ(f.prices[0].publishTime, 1730340000400);
  EXPECT_EQ(f.prices[0].seq, 1043);
  EXPECT_EQ(d.total(), 0);
}

TEST(FrameScanner, ReadsASnapshotWithSpacesUnknownKeysAndBadEntries) {
  DropCounts d;
  Frame f;
  ASSERT_TRUE(scanFrame(
      " {\"type\" : \"snapshot\",\n\"channel\":\"market_data\", \"data\":[ {\"symbol\":\"A\",\"price\":1,\"extra\":[{},[],null,true,false,-1.5e3]},"
      "{\"symbol\":\"B\",\"price\":\"x\"}, 7, {\"symbol\":\"C\",\"price\":3,\"seq\":-1} ] }\t",
      f, d));
  EXPECT_EQ(f.type, FrameType::Snapshot);
  EXPECT_EQ(f.timestamp, -1);
  EXPECT_TRUE(f.prices.empty());  // A and C lack a time and there is no envelope timestamp
  EXPECT_EQ(dropped(d, "missing_time"), 2);
  EXPECT_EQ(dropped(d, "bad_price"), 1);
  EXPECT_EQ(dropped(d, "bad_entry"), 1);
}

TEST(FrameScanner, AMissingPublishTimeTakesTheTimestampThatFollowsData) {
  DropCounts d;
  Frame f;
  ASSERT_TRUE(scanFrame(
      R"({"type":"market_data_update","data":[{"symbol":"A","price":1},{"symbol":"B","price":2,"seq":1.5},{"symbol":"C","price":3,"publishTime":9}],"timestamp":77})",
      f, d));
  ASSERT_EQ(f.prices.size(), 2u);
  EXPECT_EQ(f.prices[0].symbol, "A");
  EXPECT_EQ(f.prices[0].publishTime, 77);
  EXPECT_EQ(f.prices[0].seq, -1);
  EXPECT_EQ(f.prices[1].symbol, "C");
  EXPECT_EQ(f.prices[1].publishTime, 9);
  EXPECT_EQ(dropped(d, "bad_seq"), 1);
  EXPECT_EQ(dropMap(d).size(), 1u);
}

TEST(FrameScanner, ReadsHeartbeatAndPongButNotTheirData) {
  DropCounts d;
  Frame f;
  ASSERT_TRUE(scanFrame(R"({"data":[5,{"price":"x"}],"type":"heartbeat","timestamp":5.0})", f, d));
  EXPECT_EQ(f.type, FrameType::Heartbeat);
  EXPECT_EQ(f.timestamp, 5);
  EXPECT_TRUE(f.prices.empty());
  EXPECT_EQ(d.total(), 0);
  ASSERT_TRUE(scanFrame(R"({"type":"pong"})", f, d));
  EXPECT_EQ(f.type, FrameType::Pong);
}

TEST(FrameScanner, LeavesEverythingUnusualToTheFullParser) {
  const std::string notMine[] = {
      "",
      "{nope",
      "[1,2]",
      R"({"type":"error","code":"unauthorized"})",
      R"({"type":"surprise"})",
      R"({"type":5,"data":[]})",
      R"({"data":[]})",
      R"({"type":"snapshot"})",
      R"({"type":"snapshot","data":"BTC"})",
      R"({"type":"snapshot","type":"snapshot","data":[]})",
      R"({"type":"snapshot","data":[{"symbol":"A","symbol":"B","price":1,"publishTime":1}]})",
      R"({"type":"snapshot","data":[{"symbol":"\u0041","price":1,"publishTime":1}]})",
      "{\"type\":\"snapshot\",\"data\":[{\"symbol\":\"\xc3\xa9\",\"price\":1,\"publishTime\":1}]}",
      R"({"type":"snapshot","data":[{"symbol":"A","price":1e400,"publishTime":1}]})",
      R"({"type":"snapshot","data":[{"symbol":"A","price":1,"publishTime":1,"x":-1e999}]})",
      R"({"type":"snapshot","data":[{"symbol":"A","price":01,"publishTime":1}]})",
      R"({"type":"snapshot","data":[{"symbol":"A","price":NaN,"publishTime":1}]})",
      R"({"type":"snapshot","data":[],})",
      R"({"type":"snapshot","data":[1,]})",
      R"({"type":"snapshot","data":[]} x)",
      "{\"type\":\"snapshot\",\"data\":[]}\v",
      std::string("{\"type\":\"heartbeat\"}\0", 21),
      std::string(R"({"type":"heartbeat","x":)") + std::string(20, '[') + std::string(20, ']') + "}",
  };
  for (const auto& text : notMine) {
    DropCounts d;
    Frame f;
    f.timestamp = 123;
    EXPECT_FALSE(scanFrame(text, f, d)) << text;
    EXPECT_EQ(f.timestamp, 123) << text;  // untouched
    EXPECT_EQ(d.total(), 0) << text;
  }
}

TEST(FrameScanner, NestingUpToTheLimitIsStillRead) {
  // Depth 16 is allowed (the envelope is level 1), 17 is too_deep.
  const std::string ok = R"({"type":"heartbeat","x":)" + std::string(15, '[') + std::string(15, ']') + "}";
  const std::string deep = R"({"type":"heartbeat","x":)" + std::string(16, '[') + std::string(16, ']') + "}";
  DropCounts d;
  Frame f;
  EXPECT_TRUE(scanFrame(ok, f, d));
  EXPECT_FALSE(scanFrame(deep, f, d));
  Frame full = parseFrame(deep, kMax, d);
  EXPECT_EQ(full.type, FrameType::Invalid);
  EXPECT_EQ(dropped(d, "too_deep"), 1);
}

// The frames of the protocol tests plus the odd shapes around them.
const char* const kSeeds[] = {
    R"({"type":"snapshot","channel":"market_data","data":[{"symbol":"BTC","price":67012.3,"confidence":12.1,"publishTime":1730340000123,"seq":1042},{"symbol":"ETH","price":2650.5,"confidence":1,"publishTime":1730340000124,"seq":7}],"timestamp":1730340000200})",
    R"({"type":"market_data_update","data":{"symbol":"BTC","price":67013.1,"confidence":12.0,"publishTime":1730340000400,"seq":1043},"timestamp":1730340000410})",
    R"({"type":"market_data_update","data":[{"symbol":"A","price":1,"publishTime":5},{"symbol":"B","price":2,"publishTime":6,"seq":3}]})",
    R"({"type":"market_data_update","data":{"symbol":"A","price":-0,"confidence":-0.0,"publishTime":-0,"seq":9007199254740992},"timestamp":1e3})",
    R"({"type":"market_data_update","data":{"symbol":"A","price":1e-400,"publishTime":1.0,"seq":9007199254740993}})",
    R"({"type":"market_data_update","data":[{"symbol":"A","price":null,"confidence":null,"publishTime":null,"seq":null},{"symbol":null},{"symbol":"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456","price":1}],"timestamp":2})",
    R"({"type":"snapshot","data":[{"symbol":"A","price":true,"publishTime":1},{"symbol":"B","price":1,"confidence":"x","publishTime":1},{"symbol":"C","price":1,"publishTime":-5},{"symbol":"D","price":1,"publishTime":1.5,"seq":2}]})",
    R"({"type":"heartbeat","timestamp":1730340005000})",
    R"({"type":"pong","timestamp":1})",
    R"({"type":"error","code":"unauthorized","message":"expired"})",
    R"({"type":"market_data_update","data":[],"timestamp":18446744073709551616})",
};

// Random byte edits of the seeds: wherever the scanner answers, it must give
// exactly what the full parser gives; wherever it does not, parseFrame is the
// full parser. Deterministic, so a failure reproduces.
TEST(FrameScanner, AgreesWithTheFullParserOnMutatedFrames) {
  std::mt19937_64 rng(7);
  const std::string alphabet = "{}[]\":,.-+eE0123456789 \\tnulfrsymbolpicdqxa";
  const std::vector<std::string> tokens = {"\"symbol\":", "\"price\":", "\"publishTime\":", "\"seq\":",
                                           "\"confidence\":", "\"timestamp\":", "\"data\":", "null",
                                           "1e400", "-0", "0.5", "[", "{}", "\"BTC\"", ","};
  int scanned = 0;
  int total = 0;
  for (const char* seed : kSeeds) {
    for (int i = 0; i < 4000; ++i) {
      const std::string text = mutate(seed, rng, alphabet, tokens);
      DropCounts fastDrops;
      DropCounts fullDrops;
      Frame viaScanner;
      const bool mine = scanFrame(text, viaScanner, fastDrops);
      const Frame fast = parseFrame(text, kMax, fastDrops);
      const Frame full = parseFrameFull(text, kMax, fullDrops);
      if (mine) {
        expectSameFrame(viaScanner, full, text);
        ++scanned;
      }
      expectSameFrame(fast, full, text);
      // A scanned frame counted its drops twice above (scanFrame + parseFrame).
      auto want = dropMap(fullDrops);
      if (mine) {
        for (auto& [reason, n] : want) n *= 2;
      }
      EXPECT_EQ(dropMap(fastDrops), want) << text;
      ++total;
      if (HasFailure()) return;
    }
  }
  // Both paths were exercised: the scanner answered for many edits, not all.
  EXPECT_GT(scanned, total / 10);
  EXPECT_LT(scanned, total);
}

TEST(FrameScanner, AgreesWithTheFullParserOnEveryProtocolTestFrame) {
  for (const char* seed : kSeeds) {
    DropCounts a;
    DropCounts b;
    expectSameFrame(parseFrame(seed, kMax, a), parseFrameFull(seed, kMax, b), seed);
    EXPECT_EQ(dropMap(a), dropMap(b)) << seed;
  }
}

}  // namespace
}  // namespace qd
