#pragma once
// nlohmann/json's reading and writing of the protocol: the reference the
// engine's hand-written JSON code (json_text.h, protocol.cc) is tested
// against, here and in tests/fuzz. Same contracts as protocol.h.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "protocol.h"

namespace qd::oracle {

/// protocol.h's parseFrameFull as nlohmann's DOM reads it (no size or depth
/// pre-checks beyond protocol.h's own).
Frame parseFrame(std::string_view text, int64_t maxBytes, DropCounts& drops);
RestBody parseRestBody(const std::string& text, int64_t maxBytes, DropCounts& drops);
std::string subscribeAllFrame();
std::string subscribeFrame(const std::vector<std::string>& symbols);
std::string unsubscribeFrame(const std::vector<std::string>& symbols);
/// `s` as nlohmann's dump() writes a string (error_handler_t::replace).
std::string jsonString(std::string_view s);

}  // namespace qd::oracle
