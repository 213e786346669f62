#pragma once
/// Why a message, an entry or a price was dropped (docs/contract.md §6): the
/// one table of drop codes, and the counters kept by code. Parsers, the book
/// and the controller all count here; getConnectionInfo().counters.dropped
/// shows the codes.
#include <cstddef>
#include <cstdint>

namespace qd {

enum class Drop : uint8_t {
  Oversized,       ///< a frame or body larger than maxMessageBytes (never parsed)
  TooDeep,         ///< nesting deeper than kMaxJsonDepth
  MalformedJson,   ///< not JSON
  BadFrame,        ///< JSON, but not a frame (no `type`, or `data` of the wrong kind)
  BadBody,         ///< a REST body that is not a price list
  UnknownType,     ///< a frame type protocol v1 does not have
  BadEntry,        ///< an entry that is not an object
  MissingSymbol,   ///< no symbol, or not a string, or empty
  BadSymbol,       ///< a symbol longer than kMaxSymbolLength
  BadPrice,        ///< non-numeric, NaN, infinite, zero or negative price
  BadConfidence,   ///< non-numeric, infinite or negative confidence
  BadTime,         ///< publishTime not an integer in [0, 2^53]
  MissingTime,     ///< no publishTime and no envelope timestamp to stand in
  BadSeq,          ///< seq not an integer in [0, 2^53]
  BadMeta,         ///< a REST `meta` entry that is not an object
  StaleSeq,        ///< older than the book's entry by seq
  StaleTime,       ///< older than the book's entry by publishTime
  Duplicate,       ///< the book already has this seq / publishTime
  TooManySymbols,  ///< the book is full (kMaxSymbols)
  NotSubscribed,   ///< a symbol outside the subscription
  RestWhileLive,   ///< a REST price without `meta` while the WebSocket delivers (unordered)
};

constexpr std::size_t kDropKinds = static_cast<std::size_t>(Drop::RestWhileLive) + 1;

/// The counter's code, e.g. "bad_price".
const char* dropCode(Drop d);

/// Dropped items by reason: a fixed array, cheap to bump on the message path.
class DropCounts {
 public:
  void add(Drop d, int64_t n = 1) { n_[static_cast<std::size_t>(d)] += n; }
  int64_t operator[](Drop d) const { return n_[static_cast<std::size_t>(d)]; }
  void merge(const DropCounts& other) {
    for (std::size_t i = 0; i < kDropKinds; ++i) n_[i] += other.n_[i];
  }
  /// Calls fn(code, count) for every reason with a count, in table order.
  template <class Fn>
  void forEach(Fn&& fn) const {
    for (std::size_t i = 0; i < kDropKinds; ++i) {
      if (n_[i] != 0) fn(dropCode(static_cast<Drop>(i)), n_[i]);
    }
  }
  bool operator==(const DropCounts& other) const {
    for (std::size_t i = 0; i < kDropKinds; ++i) {
      if (n_[i] != other.n_[i]) return false;
    }
    return true;
  }
  int64_t total() const {
    int64_t t = 0;
    for (int64_t v : n_) t += v;
    return t;
  }

 private:
  int64_t n_[kDropKinds] = {};
};

}  // namespace qd
