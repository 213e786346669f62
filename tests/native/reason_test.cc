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
  for (int i = 1; i <= static_cast<int>(Reason::Healthy); ++i) {
    const auto r = static_cast<Reason>(i);
    const std::string code = reasonCode(r);
    EXPECT_FALSE(code.empty()) << i;
    EXPECT_FALSE(std::string(reasonText(r)).empty()) << i;
    EXPECT_TRUE(codes.insert(code).second) << "duplicate code " << code;
  }
}

TEST(Reason, OutOfRangeValueIsEmptyNotACrash) {
  EXPECT_STREQ(reasonCode(static_cast<Reason>(250)), "");
}

}  // namespace
}  // namespace qd
