#pragma once
/// The price book of docs/contract.md §6: one entry per symbol, ordering by
/// seq (else publishTime), validation, per-reason drop counters, staleness,
/// and the change set handed to the UI one batch at a time.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "drops.h"
#include "entry_rules.h"
#include "price.h"

namespace qd {

/// The book refuses new symbols past this many (10x the subscription cap of
/// 1,000 named symbols, room for "all" on a large feed), so a server cannot
/// grow it without bound.
constexpr std::size_t kMaxSymbols = 10000;

enum class ApplyResult { Applied, Duplicate, Older, Invalid };

class PriceBook {
 public:
  /// Validates `update` (checkPrice) and applies it if it is newer than the
  /// entry. Newer: both have seq -> seq greater; a lower seq with a strictly
  /// newer publishTime is a server restart (accepted, counted in
  /// seqResets()); otherwise publishTime greater. Equal = duplicate. A price
  /// whose time came from a REST answer (timeFromResponse) is ordered only
  /// against other such prices: between the two kinds the newcomer wins,
  /// because the two clocks are different machines' (contract §5); the
  /// controller never applies such a price while the WebSocket delivers.
  /// Every refusal is counted in `drops`; a refused update leaves the book
  /// unchanged. `update.receivedAt` is kept as given (the wall clock);
  /// `now` is the engine's clock, which times staleness.
  ApplyResult apply(const Price& update, int64_t now, DropCounts& drops);

  /// Marks entries without an update for `staleAfterMs` stale (a change that
  /// goes into the next batch).
  void markStale(int64_t now, int64_t staleAfterMs);
  /// When the next entry may turn stale; -1 = none. O(1): it is a lower
  /// bound kept since the last markStale() (updates only move entries later),
  /// so a timer armed at it may fire early and find nothing, never late.
  int64_t nextStaleDeadline(int64_t staleAfterMs) const;

  /// Forgets a symbol (it left the subscription).
  void erase(const std::string& symbol);

  bool hasChanges() const { return changed_ != 0; }
  /// The entries changed since the last call, one per symbol, by symbol.
  std::vector<Price> takeChanged();

  const Price* find(const std::string& symbol) const;
  std::vector<Price> all() const;
  std::size_t size() const { return entries_.size(); }
  int64_t seqResets() const { return seqResets_; }

 private:
  struct Entry {
    Price price;
    int64_t appliedAt;     ///< the engine's clock, for staleness
    bool changed = false;  ///< goes out with the next takeChanged()
  };
  /// Why `u` may not replace `e`, or false when it may.
  bool older(const Price& e, const Price& u, DropCounts& drops, ApplyResult& result);

  /// Marks `e` changed (counted once until the next takeChanged()).
  void touch(Entry& e);

  std::map<std::string, Entry, std::less<>> entries_;
  /// How many entries are marked changed. A flag on the entry, not a set of
  /// names: an update costs one lookup instead of a second tree insert, and
  /// takeChanged() walks the book in symbol order (once per batch, at most
  /// every flushIntervalMs; 10,000 entries at most).
  std::size_t changed_ = 0;
  int64_t seqResets_ = 0;
  int64_t oldestFresh_ = -1;  // min appliedAt of non-stale entries (lower bound); -1 = none
};

}  // namespace qd
