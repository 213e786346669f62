#include "protocol.h"

#include <gtest/gtest.h>

#include "drop_counts.h"
#include "nlohmann_oracle.h"
#include "parser_checks.h"

#include <random>
#include <string>
#include <vector>

namespace qd {
namespace {

constexpr int64_t kMax = 1 << 20;

TEST(Protocol, ParsesASnapshot) {
  DropCounts d;
  Frame f = parseFrame(
      R"({"type":"snapshot","channel":"market_data","data":[{"symbol":"BTC","price":67012.3,"confidence":12.1,"publishTime":1730340000123,"seq":1042},{"symbol":"ETH","price":2650.5,"confidence":1,"publishTime":1730340000124,"seq":7}],"timestamp":1730340000200})",
      kMax, d);
  EXPECT_EQ(f.type, FrameType::Snapshot);
  EXPECT_EQ(f.timestamp, 1730340000200);
  ASSERT_EQ(f.prices.size(), 2u);
  EXPECT_EQ(f.prices[0].symbol, "BTC");
  EXPECT_EQ(f.prices[0].price, 67012.3);
  EXPECT_EQ(f.prices[0].confidence, 12.1);
  EXPECT_EQ(f.prices[0].publishTime, 1730340000123);
  EXPECT_EQ(f.prices[0].seq, 1042);
  EXPECT_EQ(f.prices[1].symbol, "ETH");
  EXPECT_EQ(d.total(), 0);
}

TEST(Protocol, ParsesAnUpdateAsObjectOrArray) {
  DropCounts d;
  Frame one = parseFrame(
      R"({"type":"market_data_update","data":{"symbol":"BTC","price":67013.1,"confidence":12.0,"publishTime":1730340000400,"seq":1043},"timestamp":1730340000410})",
      kMax, d);
  EXPECT_EQ(one.type, FrameType::Update);
  ASSERT_EQ(one.prices.size(), 1u);
  EXPECT_EQ(one.prices[0].seq, 1043);
  Frame many = parseFrame(
      R"({"type":"market_data_update","data":[{"symbol":"A","price":1,"publishTime":5},{"symbol":"B","price":2,"publishTime":6,"seq":3}]})",
      kMax, d);
  ASSERT_EQ(many.prices.size(), 2u);
  EXPECT_EQ(many.prices[0].seq, -1);  // absent = no seq
  EXPECT_EQ(many.prices[0].confidence, 0);
  EXPECT_EQ(many.prices[1].seq, 3);
  EXPECT_EQ(d.total(), 0);
}

TEST(Protocol, MissingPublishTimeFallsBackToTheEnvelope) {
  DropCounts d;
  Frame f = parseFrame(R"({"type":"market_data_update","data":{"symbol":"A","price":1},"timestamp":77})",
                       kMax, d);
  ASSERT_EQ(f.prices.size(), 1u);
  EXPECT_EQ(f.prices[0].publishTime, 77);
  Frame g = parseFrame(R"({"type":"market_data_update","data":{"symbol":"A","price":1}})", kMax, d);
  EXPECT_TRUE(g.prices.empty());
  EXPECT_EQ(dropped(d, "missing_time"), 1);
}

TEST(Protocol, ControlFrames) {
  DropCounts d;
  EXPECT_EQ(parseFrame(R"({"type":"heartbeat","timestamp":1730340005000})", kMax, d).type,
            FrameType::Heartbeat);
  EXPECT_EQ(parseFrame(R"({"type":"pong","timestamp":1})", kMax, d).type, FrameType::Pong);
  Frame e = parseFrame(R"({"type":"error","code":"unauthorized","message":"expired"})", kMax, d);
  EXPECT_EQ(e.type, FrameType::Error);
  EXPECT_EQ(e.errorCode, "unauthorized");
  EXPECT_EQ(e.errorMessage, "expired");
  EXPECT_EQ(d.total(), 0);
}

struct BadFrame {
  const char* name;
  std::string text;
  const char* reason;
};

TEST(Protocol, EveryMalformedFrameIsDroppedAndCountedByReason) {
  const BadFrame cases[] = {
      {"not json", "{nope", "malformed_json"},
      {"empty", "", "malformed_json"},
      {"truncated", R"({"type":"snapshot","data":[{"symbol":"BTC")", "malformed_json"},
      {"bad utf8", "{\"type\":\"x\xff\"}", "malformed_json"},
      {"array top", "[1,2]", "bad_frame"},
      {"number top", "42", "bad_frame"},
      {"no type", R"({"data":[]})", "bad_frame"},
      {"type not string", R"({"type":5})", "bad_frame"},
      {"unknown type", R"({"type":"surprise"})", "unknown_type"},
      {"data missing", R"({"type":"snapshot"})", "bad_frame"},
      {"data string", R"({"type":"market_data_update","data":"BTC"})", "bad_frame"},
      {"string price", R"({"type":"market_data_update","data":{"symbol":"A","price":"1","publishTime":1}})", "bad_price"},
      {"bool price", R"({"type":"market_data_update","data":{"symbol":"A","price":true,"publishTime":1}})", "bad_price"},
      {"null price", R"({"type":"market_data_update","data":{"symbol":"A","price":null,"publishTime":1}})", "bad_price"},
      {"no price", R"({"type":"market_data_update","data":{"symbol":"A","publishTime":1}})", "bad_price"},
      {"no symbol", R"({"type":"market_data_update","data":{"price":1,"publishTime":1}})", "missing_symbol"},
      {"empty symbol", R"({"type":"market_data_update","data":{"symbol":"","price":1,"publishTime":1}})", "missing_symbol"},
      {"number symbol", R"({"type":"market_data_update","data":{"symbol":7,"price":1,"publishTime":1}})", "missing_symbol"},
      {"long symbol", R"({"type":"market_data_update","data":{"symbol":"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456","price":1,"publishTime":1}})", "bad_symbol"},
      {"entry not object", R"({"type":"snapshot","data":[5]})", "bad_entry"},
      {"negative time", R"({"type":"market_data_update","data":{"symbol":"A","price":1,"publishTime":-5}})", "bad_time"},
      {"fractional time", R"({"type":"market_data_update","data":{"symbol":"A","price":1,"publishTime":1.5}})", "bad_time"},
      {"huge time", R"({"type":"market_data_update","data":{"symbol":"A","price":1,"publishTime":1e300}})", "bad_time"},
      {"string seq", R"({"type":"market_data_update","data":{"symbol":"A","price":1,"publishTime":1,"seq":"2"}})", "bad_seq"},
      {"huge seq", R"({"type":"market_data_update","data":{"symbol":"A","price":1,"publishTime":1,"seq":18446744073709551615}})", "bad_seq"},
      {"string confidence", R"({"type":"market_data_update","data":{"symbol":"A","price":1,"publishTime":1,"confidence":"x"}})", "bad_confidence"},
      {"too deep", std::string(40, '[') + std::string(40, ']'), "too_deep"},
      // JSON has no NaN/Infinity; nlohmann refuses them and overflowing numbers.
      {"NaN price", R"({"type":"market_data_update","data":{"symbol":"A","price":NaN,"publishTime":1}})", "malformed_json"},
      {"Infinity price", R"({"type":"market_data_update","data":{"symbol":"A","price":Infinity,"publishTime":1}})", "malformed_json"},
      {"overflowing price", R"({"type":"market_data_update","data":{"symbol":"A","price":1e400,"publishTime":1}})", "malformed_json"},
      {"overflowing negative", R"({"type":"market_data_update","data":{"symbol":"A","price":-1e400,"publishTime":1}})", "malformed_json"},
  };
  for (const auto& c : cases) {
    DropCounts d;
    Frame f = parseFrame(c.text, kMax, d);
    EXPECT_TRUE(f.prices.empty()) << c.name;
    EXPECT_EQ(dropped(d, c.reason), 1) << c.name;
    EXPECT_EQ(dropMap(d).size(), 1u) << c.name;
  }
}

TEST(Protocol, AnUnderflowingPriceIsZeroAndRefused) {
  DropCounts d;
  Frame f = parseFrame(
      R"({"type":"market_data_update","data":{"symbol":"A","price":1e-400,"publishTime":1}})", kMax, d);
  EXPECT_EQ(f.type, FrameType::Update);
  EXPECT_TRUE(f.prices.empty());
  EXPECT_EQ(f.entries, 1);
  EXPECT_EQ(dropped(d, "bad_price"), 1);
}

TEST(Protocol, CountsTheEntriesASnapshotHeldValidOrNot) {
  // A snapshot whose entries are all invalid is not a snapshot (contract
  // section 6); one with no entries at all is (the server has none of them).
  DropCounts d;
  Frame bad = parseFrame(
      R"({"type":"snapshot","data":[{"symbol":"A","price":-1,"publishTime":1},{"symbol":"B","price":0,"publishTime":1},7]})",
      kMax, d);
  EXPECT_EQ(bad.type, FrameType::Snapshot);
  EXPECT_EQ(bad.entries, 3);
  EXPECT_TRUE(bad.prices.empty());
  Frame empty = parseFrame(R"({"type":"snapshot","data":[]})", kMax, d);
  EXPECT_EQ(empty.entries, 0);
  Frame one = parseFrame(R"({"type":"market_data_update","data":{"symbol":"A","price":1,"publishTime":1}})", kMax, d);
  EXPECT_EQ(one.entries, 1);
  EXPECT_EQ(dropped(d, "bad_price"), 2);
  EXPECT_EQ(dropped(d, "bad_entry"), 1);
}

TEST(Protocol, OversizedFrameIsDroppedBeforeParsing) {
  DropCounts d;
  std::string big = R"({"type":"heartbeat","pad":")" + std::string(200, 'x') + "\"}";
  Frame f = parseFrame(big, 100, d);
  EXPECT_EQ(f.type, FrameType::Invalid);
  EXPECT_EQ(dropped(d, "oversized"), 1);
}

TEST(Protocol, OneBadEntryDoesNotSinkTheOthers) {
  DropCounts d;
  Frame f = parseFrame(
      R"({"type":"snapshot","data":[{"symbol":"A","price":1,"publishTime":1},{"symbol":"B","price":"x","publishTime":1},{"symbol":"C","price":3,"publishTime":1}]})",
      kMax, d);
  ASSERT_EQ(f.prices.size(), 2u);
  EXPECT_EQ(f.prices[1].symbol, "C");
  EXPECT_EQ(dropped(d, "bad_price"), 1);
}

TEST(Protocol, RestBodyWithMeta) {
  DropCounts d;
  RestBody b = parseRestBody(
      R"({"success":true,"data":{"BTC":67012.34,"ETH":2650.3},"meta":{"BTC":{"publishTime":1730340000400,"seq":1043,"confidence":12.0}},"timestamp":1730340000500,"source":"simulated"})",
      kMax, d);
  EXPECT_TRUE(b.ok);
  EXPECT_EQ(b.timestamp, 1730340000500);
  ASSERT_EQ(b.prices.size(), 2u);
  EXPECT_EQ(b.prices[0].symbol, "BTC");
  EXPECT_EQ(b.prices[0].price, 67012.34);
  EXPECT_EQ(b.prices[0].publishTime, 1730340000400);
  EXPECT_EQ(b.prices[0].seq, 1043);
  EXPECT_EQ(b.prices[0].confidence, 12.0);
  EXPECT_EQ(b.prices[1].symbol, "ETH");
  EXPECT_FALSE(b.prices[0].timeFromResponse);
  EXPECT_EQ(b.prices[1].publishTime, 1730340000500);  // no meta: the body's timestamp...
  EXPECT_TRUE(b.prices[1].timeFromResponse);          // ...which orders REST answers only
  EXPECT_EQ(b.prices[1].seq, -1);
  EXPECT_EQ(d.total(), 0);
}

TEST(Protocol, RestBodyFailures) {
  struct Case {
    const char* name;
    const char* text;
    bool ok;
    const char* reason;
  } cases[] = {
      {"html", "<html>502</html>", false, "malformed_json"},
      {"not object", "[]", false, "bad_body"},
      {"success false", R"({"success":false,"data":{}})", false, "bad_body"},
      {"data array", R"({"success":true,"data":[1]})", false, "bad_body"},
      {"no data", R"({"success":true})", false, "bad_body"},
      {"string price", R"({"data":{"BTC":"1"},"timestamp":5})", true, "bad_price"},
      {"no time at all", R"({"data":{"BTC":1}})", true, "missing_time"},
      {"meta not object", R"({"data":{"BTC":1},"meta":{"BTC":3},"timestamp":5})", true, "bad_meta"},
      {"meta bad seq", R"({"data":{"BTC":1},"meta":{"BTC":{"seq":-3}},"timestamp":5})", true, "bad_seq"},
      {"empty key", R"({"data":{"":1},"timestamp":5})", true, "missing_symbol"},
      {"zero price", R"({"data":{"BTC":0},"timestamp":5})", true, "bad_price"},
      {"meta bad confidence", R"({"data":{"BTC":1},"meta":{"BTC":{"confidence":-1}},"timestamp":5})", true, "bad_confidence"},
  };
  for (const auto& c : cases) {
    DropCounts d;
    RestBody b = parseRestBody(c.text, kMax, d);
    EXPECT_EQ(b.ok, c.ok) << c.name;
    EXPECT_TRUE(b.prices.empty()) << c.name;
    EXPECT_EQ(dropped(d, c.reason), 1) << c.name;
  }
}

TEST(Protocol, BuildsClientFrames) {
  EXPECT_EQ(subscribeFrame({"BTC", "ETH"}),
            R"({"channel":"market_data","symbols":["BTC","ETH"],"type":"subscribe"})");
  EXPECT_EQ(subscribeAllFrame(), R"({"channel":"market_data","type":"subscribe"})");
  EXPECT_EQ(unsubscribeFrame({"ETH"}),
            R"({"channel":"market_data","symbols":["ETH"],"type":"unsubscribe"})");
}

TEST(Protocol, DepthScanSkipsStrings) {
  EXPECT_FALSE(nestsDeeperThan(R"({"a":"[[[[[[[[[[[[[[[[[[[[[[["})", 2));
  EXPECT_FALSE(nestsDeeperThan(R"({"a":"\"[[[[[[[["})", 2));
  EXPECT_TRUE(nestsDeeperThan("[[[", 2));
  EXPECT_FALSE(nestsDeeperThan("[[]]", 2));
}

/// Seeds for the differential tests below: every shape the tests above use,
/// plus escapes, duplicates and non-ASCII that only the full parser reads.
const char* const kFrameSeeds[] = {
    R"({"type":"snapshot","data":[{"symbol":"BTC","price":67012.3,"confidence":12.1,"publishTime":1730340000123,"seq":1042},{"symbol":"ETH","price":2650.5,"publishTime":1730340000124,"seq":7}],"timestamp":1730340000200})",
    R"({"type":"market_data_update","data":{"symbol":"BTC","price":67013.1,"confidence":12.0,"publishTime":1730340000400,"seq":1043},"timestamp":1730340000410})",
    R"({"type":"market_data_update","data":[{"symbol":"A","price":1},{"symbol":"B","price":-0,"seq":3,"seq":4}],"timestamp":1e3})",
    R"({"type":"error","code":"unauthorized","message":"expired \u00e9\ud83d\ude00","code":"rate\/limited"})",
    R"({"type":"snapshot","data":[5,null,{"symbol":"\u0041B","price":1e-400,"publishTime":1.0,"seq":9007199254740993}]})",
    "{\"type\":\"market_data_update\",\"data\":{\"symbol\":\"\xc3\xa9\",\"price\":2,\"publishTime\":5}}",
    R"({"type":"heartbeat","timestamp":1730340005000,"data":"x"})",
    R"({"type":"surprise"})",
};
const char* const kRestSeeds[] = {
    R"({"success":true,"data":{"BTC":67012.34,"ETH":2650.3},"meta":{"BTC":{"publishTime":1730340000400,"seq":1043,"confidence":12.0}},"timestamp":1730340000500,"source":"simulated"})",
    R"({"data":{"B":1,"A":"x","C":2,"B":3},"meta":{"A":{"seq":1},"C":7,"B":{"seq":-1,"confidence":null}},"timestamp":5})",
    R"({"success":null,"data":{"\u00e9":1}})",
    R"({"data":{"":1,"k":1e400},"timestamp":5})",
};

const std::string kAlphabet = "{}[]\":,.-+eE0123456789 \\tnulfrsymbolpicdqxa\xc3\xa9\x80";
const std::vector<std::string> kTokens = {"\"symbol\":", "\"price\":", "\"publishTime\":", "\"seq\":", "\"data\":",
                                          "\"meta\":", "\"timestamp\":", "\"success\":", "\"type\":", "null", "1e400",
                                          "-0", "0.5", "[", "{}", "\"BTC\"", ",", "\\u0042", "\"error\""};

// The engine's own JSON code against nlohmann (the code the wasm shipped
// before): same frame, same entries bit for bit, same drops by reason.
TEST(Protocol, FullParserAgreesWithNlohmannOnMutatedFrames) {
  std::mt19937_64 rng(3);
  for (const char* seed : kFrameSeeds) {
    for (int i = 0; i < 3000; ++i) {
      const std::string text = i == 0 ? std::string(seed) : mutate(seed, rng, kAlphabet, kTokens);
      DropCounts mine;
      DropCounts ref;
      const Frame a = parseFrameFull(text, kMax, mine);
      const Frame b = oracle::parseFrame(text, kMax, ref);
      expectSameFrame(a, b, text);
      EXPECT_EQ(dropMap(mine), dropMap(ref)) << text;
      if (HasFailure()) return;
    }
  }
}

TEST(Protocol, RestReaderAgreesWithNlohmannOnMutatedBodies) {
  std::mt19937_64 rng(4);
  int usable = 0;
  for (const char* seed : kRestSeeds) {
    for (int i = 0; i < 4000; ++i) {
      const std::string text = i == 0 ? std::string(seed) : mutate(seed, rng, kAlphabet, kTokens);
      DropCounts mine;
      DropCounts ref;
      const RestBody a = parseRestBody(text, kMax, mine);
      const RestBody b = oracle::parseRestBody(text, kMax, ref);
      ASSERT_EQ(a.ok, b.ok) << text;
      EXPECT_EQ(a.timestamp, b.timestamp) << text;
      expectSamePrices(a.prices, b.prices, text);
      EXPECT_EQ(dropMap(mine), dropMap(ref)) << text;
      usable += a.ok ? 1 : 0;
      if (HasFailure()) return;
    }
  }
  EXPECT_GT(usable, 1000);
}

TEST(Protocol, ClientFramesAreByteForByteNlohmanns) {
  EXPECT_EQ(subscribeAllFrame(), oracle::subscribeAllFrame());
  std::mt19937_64 rng(9);
  for (int i = 0; i < 2000; ++i) {
    std::vector<std::string> symbols(rng() % 4);
    for (auto& s : symbols) {
      s.resize(rng() % 6);
      for (char& c : s) c = static_cast<char>(rng() % 256);
    }
    ASSERT_EQ(subscribeFrame(symbols), oracle::subscribeFrame(symbols));
    ASSERT_EQ(unsubscribeFrame(symbols), oracle::unsubscribeFrame(symbols));
  }
}

}  // namespace
}  // namespace qd
