#include "reason.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace qd {
namespace {

TEST(Reason, ContractCodesAreSpelledAsDocumented) {
  EXPECT_STREQ(reasonCode(Reason::WsClosed), "ws_closed");
  EXPECT_STREQ(reasonCode(Reason::WsUnreachable), "ws_unreachable");
  EXPECT_STREQ(reasonCode(Reason::HeartbeatTimeout), "heartbeat_timeout");
  EXPECT_STREQ(reasonCode(Reason::Unauthorized), "unauthorized");
  EXPECT_STREQ(reasonCode(Reason::ForbiddenOrigin), "forbidden_origin");
  EXPECT_STREQ(reasonCode(Reason::ServerOverloaded), "server_overloaded");
  EXPECT_STREQ(reasonCode(Reason::PollFailed), "poll_failed");
  EXPECT_STREQ(reasonCode(Reason::BadConfig), "bad_config");
  EXPECT_STREQ(reasonCode(Reason::None), "");
}

TEST(Reason, EveryCodeIsUniqueAndHasText) {
  std::set<std::string> codes;
  for (int i = 1; i <= static_cast<int>(Reason::FallbackForced); ++i) {
    const auto r = static_cast<Reason>(i);
    const std::string code = reasonCode(r);
    EXPECT_FALSE(code.empty()) << i;
    EXPECT_FALSE(std::string(reasonText(r)).empty()) << i;
    EXPECT_TRUE(codes.insert(code).second) << "duplicate code " << code;
  }
}

TEST(Reason, EachFailureHasItsConsoleFamily) {
  // The console budget holds per family (contract section 2): every way the
  // WebSocket fails shares one, every way a poll fails another.
  for (Reason r : {Reason::WsClosed, Reason::WsUnreachable, Reason::WsConnectTimeout,
                   Reason::HeartbeatTimeout, Reason::NoSnapshot, Reason::Unauthorized,
                   Reason::ForbiddenOrigin, Reason::ServerOverloaded, Reason::ServerError}) {
    EXPECT_EQ(logFamily(r), LogFamily::Socket) << reasonCode(r);
  }
  for (Reason r : {Reason::PollFailed, Reason::PollTimeout, Reason::PollRateLimited}) {
    EXPECT_EQ(logFamily(r), LogFamily::Poll) << reasonCode(r);
  }
  EXPECT_EQ(logFamily(Reason::Online), LogFamily::Network);
  EXPECT_EQ(logFamily(Reason::Offline), LogFamily::Network);
  EXPECT_STREQ(familyName(LogFamily::Socket), "websocket");
  EXPECT_STREQ(reasonCode(Reason::NoSnapshot), "no_snapshot");
}

TEST(Reason, OutOfRangeValueIsEmptyNotACrash) {
  EXPECT_STREQ(reasonCode(static_cast<Reason>(250)), "");
}

}  // namespace
}  // namespace qd
