#include "options.h"

#include <gtest/gtest.h>

namespace qd {
namespace {

TEST(Options, DefaultsAreTheContractTable) {
  FeedOptions o;
  EXPECT_EQ(o.backoff.initialMs, 1000);
  EXPECT_EQ(o.backoff.maxMs, 15000);
  EXPECT_EQ(o.backoff.multiplier, 2.0);
  EXPECT_EQ(o.backoff.jitter, 0.2);
  EXPECT_EQ(o.pollIntervalMs, 2000);
  EXPECT_EQ(o.hiddenPollIntervalMs, 10000);
  EXPECT_EQ(o.pollTimeoutMs, 5000);
  EXPECT_EQ(o.fallbackAfterAttempts, 1);
  EXPECT_EQ(o.fallbackAfterMs, 3000);
  EXPECT_EQ(o.connectTimeoutMs, 10000);
  EXPECT_EQ(o.heartbeatTimeoutMs, 12000);
  EXPECT_EQ(o.staleAfterMs, 30000);
  EXPECT_EQ(o.healthyAfterMs, 10000);
  EXPECT_EQ(o.authRetryAfterMs, 300000);
  EXPECT_EQ(o.logWindowMs, 60000);
  // v2: the snapshot deadline, the reconnect spread after a healthy drop and
  // the Retry-After cap.
  EXPECT_EQ(o.snapshotTimeoutMs, 5000);
  EXPECT_EQ(o.reconnectSpreadMs, 1500);
  EXPECT_EQ(o.maxRetryAfterMs, 60000);
  EXPECT_STREQ(invalidOption(o), "");
}

TEST(Options, UrlAndBatchDefaultsAreTheContract) {
  // Outside a page the engine dials the reference server on localhost:3002
  // (the platform layer replaces these with page-relative URLs in a page);
  // batches leave at most once per 16 ms (contract section 8); frames are
  // capped at 1 MiB.
  FeedOptions o;
  EXPECT_EQ(o.wsUrl, "ws://localhost:3002/ws");
  EXPECT_EQ(o.pollUrl, "http://localhost:3002/api/oracle/prices");
  EXPECT_FALSE(o.symbols.has_value());  // all symbols
  EXPECT_EQ(o.flushIntervalMs, 16);
  EXPECT_EQ(o.maxMessageBytes, 1 << 20);
}

TEST(Options, EachBadFieldIsNamed) {
  auto bad = [](auto mutate) {
    FeedOptions o;
    mutate(o);
    return std::string(invalidOption(o));
  };
  EXPECT_EQ(bad([](FeedOptions& o) { o.wsUrl.clear(); o.pollUrl.clear(); }), "wsUrl/pollUrl");
  EXPECT_EQ(bad([](FeedOptions& o) { o.backoff.initialMs = 0; }), "backoff.initialMs");
  EXPECT_EQ(bad([](FeedOptions& o) { o.backoff.maxMs = 10; }), "backoff.maxMs");
  EXPECT_EQ(bad([](FeedOptions& o) { o.backoff.multiplier = 0.5; }), "backoff.multiplier");
  EXPECT_EQ(bad([](FeedOptions& o) { o.backoff.jitter = 1.5; }), "backoff.jitter");
  EXPECT_EQ(bad([](FeedOptions& o) { o.backoff.jitter = -0.1; }), "backoff.jitter");
  EXPECT_EQ(bad([](FeedOptions& o) { o.pollIntervalMs = 0; }), "pollIntervalMs");
  EXPECT_EQ(bad([](FeedOptions& o) { o.pollTimeoutMs = -1; }), "pollTimeoutMs");
  EXPECT_EQ(bad([](FeedOptions& o) { o.fallbackAfterAttempts = 0; }), "fallbackAfterAttempts");
  EXPECT_EQ(bad([](FeedOptions& o) { o.heartbeatTimeoutMs = 0; }), "heartbeatTimeoutMs");
  EXPECT_EQ(bad([](FeedOptions& o) { o.maxMessageBytes = 0; }), "maxMessageBytes");
  EXPECT_EQ(bad([](FeedOptions& o) { o.snapshotTimeoutMs = 0; }), "snapshotTimeoutMs");
  EXPECT_EQ(bad([](FeedOptions& o) { o.reconnectSpreadMs = -1; }), "reconnectSpreadMs");
  EXPECT_EQ(bad([](FeedOptions& o) { o.maxRetryAfterMs = -1; }), "maxRetryAfterMs");
  EXPECT_EQ(bad([](FeedOptions& o) { o.symbols = std::vector<std::string>{"BTC", "no spaces"}; }), "symbols");
  EXPECT_EQ(bad([](FeedOptions& o) {
              o.symbols = std::vector<std::string>();
              for (int i = 0; i <= 1000; ++i) o.symbols->push_back("S" + std::to_string(i));
            }),
            "symbols");
}

TEST(Options, AThousandNamedSymbolsOrNoneAreFine) {
  FeedOptions o;
  o.symbols = std::vector<std::string>();
  EXPECT_STREQ(invalidOption(o), "");  // an empty named set: nothing
  for (int i = 0; i < 1000; ++i) o.symbols->push_back("S" + std::to_string(i));
  EXPECT_STREQ(invalidOption(o), "");
}

TEST(Options, OneUrlIsEnough) {
  FeedOptions o;
  o.wsUrl.clear();
  EXPECT_STREQ(invalidOption(o), "");
  FeedOptions p;
  p.pollUrl.clear();
  EXPECT_STREQ(invalidOption(p), "");
}

}  // namespace
}  // namespace qd
