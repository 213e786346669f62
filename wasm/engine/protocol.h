#pragma once
/// Wire protocol v1 (docs/contract.md §4) and the REST body (§5).
/// Parsing never throws (every field's type is checked before it is read):
/// Emscripten builds have exceptions off, so a throw would abort the module.
/// Whatever cannot be used is counted in `drops` by reason and left out.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "drops.h"
#include "price.h"

namespace qd {

/// Frames nested deeper than this are dropped before parsing ("too_deep"):
/// real frames are 3 levels deep, and a bound keeps the parser's stack small.
constexpr int kMaxJsonDepth = 16;

enum class FrameType { Invalid, Snapshot, Update, Heartbeat, Pong, Error, Unknown };

struct Frame {
  FrameType type = FrameType::Invalid;
  /// Snapshot/update entries that passed readEntry() (the book still orders
  /// them). source/receivedAt are left for the caller.
  std::vector<Price> prices;
  /// Entries `data` held, valid or not: a snapshot with entries but no valid
  /// one is not a snapshot (contract §6).
  int entries = 0;
  int64_t timestamp = -1;  ///< envelope timestamp; -1 = absent
  std::string errorCode;   ///< `error` frames
  std::string errorMessage;
};

/// Parses one server->client text frame. Invalid/Unknown frames are counted
/// ("oversized", "too_deep", "malformed_json", "bad_frame", "unknown_type").
/// Price frames take a one-pass scanner (frame_scanner.h); whatever it does
/// not take goes to parseFrameFull, so the result is always parseFrameFull's.
/// Defined in frame_scanner.cc, the per-message file the wasm builds for
/// speed; the rest of this header lives in protocol.cc, built for size.
Frame parseFrame(std::string_view text, int64_t maxBytes, DropCounts& drops);

/// The full parser (json_text.h): every frame type, every error classified
/// exactly as nlohmann/json's DOM did (nlohmann is its oracle in the native
/// tests and the fuzzer). parseFrame's reference: tests and the fuzzer check
/// that both agree on every input.
Frame parseFrameFull(std::string_view text, int64_t maxBytes, DropCounts& drops);

struct RestBody {
  bool ok = false;         ///< a usable price list (success != false, `data` a map)
  std::vector<Price> prices;
  int64_t timestamp = -1;
};

/// Parses the body of GET /api/oracle/prices. seq/publishTime/confidence come
/// from `meta` when present; else publishTime = the body's `timestamp` and the
/// price is marked timeFromResponse (contract §5).
RestBody parseRestBody(const std::string& text, int64_t maxBytes, DropCounts& drops);

/// {"type":"subscribe","channel":"market_data"}: every symbol.
std::string subscribeAllFrame();
/// {"type":"subscribe"|"unsubscribe","channel":"market_data","symbols":[...]}.
/// `symbols` must not be empty: the server reads an empty list as "all".
std::string subscribeFrame(const std::vector<std::string>& symbols);
std::string unsubscribeFrame(const std::vector<std::string>& symbols);

/// True when `text` nests objects/arrays deeper than `maxDepth` (strings are
/// skipped, so brackets inside them do not count).
bool nestsDeeperThan(std::string_view text, int maxDepth);

}  // namespace qd
