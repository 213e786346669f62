#pragma once
/// The price book of docs/contract.md §6: one entry per symbol, ordering by
/// seq (else publishTime), validation, per-reason drop counters, staleness,
/// and the change set handed to the UI one batch at a time.
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "price.h"

namespace qd {

/// Dropped messages/entries by reason ("bad_price", "duplicate", ...).
using DropCounts = std::map<std::string, int64_t>;

/// A symbol is 1..kMaxSymbolLength bytes: tickers are short, and a bound keeps
/// a hostile frame from filling memory through keys.
constexpr std::size_t kMaxSymbolLength = 32;
/// The book refuses new symbols past this many (~100x a real terminal's list),
/// so a server cannot grow it without bound.
constexpr std::size_t kMaxSymbols = 10000;

enum class ApplyResult { Applied, Duplicate, Older, Invalid };

class PriceBook {
 public:
  /// Validates `update` and applies it if it is newer than the entry.
  /// Newer: both have seq -> seq greater; a lower seq with a strictly newer
  /// publishTime is a server restart (accepted, counted in seqResets());
  /// otherwise publishTime greater. Equal = duplicate. Every refusal is
  /// counted in `drops`; a refused update leaves the book unchanged.
  ApplyResult apply(const Price& update, int64_t now, DropCounts& drops);

  /// Marks entries without an update for `staleAfterMs` stale (a change that
  /// goes into the next batch).
  void markStale(int64_t now, int64_t staleAfterMs);
  /// When the next entry may turn stale; -1 = none. O(1): it is a lower
  /// bound kept since the last markStale() (updates only move entries later),
  /// so a timer armed at it may fire early and find nothing, never late.
  int64_t nextStaleDeadline(int64_t staleAfterMs) const;

  bool hasChanges() const { return !changed_.empty(); }
  /// The entries changed since the last call, one per symbol, by symbol.
  std::vector<Price> takeChanged();

  const Price* find(const std::string& symbol) const;
  std::vector<Price> all() const;
  std::size_t size() const { return entries_.size(); }
  int64_t seqResets() const { return seqResets_; }

  /// "" when `p` may enter the book, else the drop reason.
  static const char* invalidReason(const Price& p);

 private:
  std::map<std::string, Price> entries_;
  std::set<std::string> changed_;
  int64_t seqResets_ = 0;
  int64_t oldestFresh_ = -1;  // min receivedAt of non-stale entries (lower bound); -1 = none
};

}  // namespace qd
