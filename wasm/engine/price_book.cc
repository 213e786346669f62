#include "price_book.h"

namespace qd {

bool PriceBook::older(const Price& e, const Price& u, DropCounts& drops, ApplyResult& result) {
  auto refuse = [&](Drop why, ApplyResult r) {
    drops.add(why);
    result = r;
    return true;
  };
  // Different clocks cannot be compared: the newcomer wins (see apply()).
  if (e.timeFromResponse != u.timeFromResponse) return false;
  if (u.seq >= 0 && e.seq >= 0) {
    if (u.seq == e.seq) return refuse(Drop::Duplicate, ApplyResult::Duplicate);
    if (u.seq < e.seq) {
      // A lower seq with a strictly newer publishTime: the server restarted
      // its sequence. Anything else lower is an old message.
      if (u.publishTime <= e.publishTime) return refuse(Drop::StaleSeq, ApplyResult::Older);
      ++seqResets_;
    }
    return false;
  }
  if (u.publishTime == e.publishTime) return refuse(Drop::Duplicate, ApplyResult::Duplicate);
  if (u.publishTime < e.publishTime) return refuse(Drop::StaleTime, ApplyResult::Older);
  return false;
}

namespace {

/// Everything but the symbol, which is the entry's key and already equal: a
/// string assignment per update is a call in this -Oz file (section "the
/// per-update files" of docs/package.md).
void copyValues(Price& to, const Price& from) {
  // The fields after the symbol, 8-aligned: 2 doubles, 3 int64s, the source
  // (padded to 8) and the two flags (padded to 8).
  static_assert(sizeof(Price) == (sizeof(std::string) + 7) / 8 * 8 + 56, "a field was added to Price: copy it here too");
  to.price = from.price;
  to.confidence = from.confidence;
  to.publishTime = from.publishTime;
  to.seq = from.seq;
  to.source = from.source;
  to.receivedAt = from.receivedAt;
  to.stale = from.stale;
  to.timeFromResponse = from.timeFromResponse;
}

}  // namespace

ApplyResult PriceBook::apply(const Price& update, int64_t now, DropCounts& drops) {
  Drop why;
  if (!checkPrice(update, why)) {
    drops.add(why);
    return ApplyResult::Invalid;
  }
  auto it = entries_.find(update.symbol);
  if (it == entries_.end()) {
    if (entries_.size() >= kMaxSymbols) {
      drops.add(Drop::TooManySymbols);
      return ApplyResult::Invalid;
    }
    it = entries_.emplace(update.symbol, Entry{update, now}).first;
  } else {
    ApplyResult refused;
    if (older(it->second.price, update, drops, refused)) return refused;
    copyValues(it->second.price, update);
    it->second.appliedAt = now;
  }
  it->second.price.stale = false;
  touch(it->second);
  if (oldestFresh_ < 0) oldestFresh_ = now;
  return ApplyResult::Applied;
}

void PriceBook::touch(Entry& e) {
  if (!e.changed) {
    e.changed = true;
    ++changed_;
  }
}

void PriceBook::markStale(int64_t now, int64_t staleAfterMs) {
  oldestFresh_ = -1;
  for (auto& [symbol, e] : entries_) {
    if (e.price.stale) continue;
    if (now - e.appliedAt >= staleAfterMs) {
      e.price.stale = true;
      touch(e);
    } else if (oldestFresh_ < 0 || e.appliedAt < oldestFresh_) {
      oldestFresh_ = e.appliedAt;
    }
  }
}

int64_t PriceBook::nextStaleDeadline(int64_t staleAfterMs) const {
  return oldestFresh_ < 0 ? -1 : oldestFresh_ + staleAfterMs;
}

void PriceBook::erase(const std::string& symbol) {
  auto it = entries_.find(symbol);
  if (it == entries_.end()) return;
  if (it->second.changed) --changed_;
  entries_.erase(it);
}

std::vector<Price> PriceBook::takeChanged() {
  std::vector<Price> out;
  if (changed_ == 0) return out;
  out.reserve(changed_);
  for (auto& entry : entries_) {
    Entry& e = entry.second;
    if (!e.changed) continue;
    e.changed = false;
    out.push_back(e.price);
  }
  changed_ = 0;
  return out;
}

const Price* PriceBook::find(const std::string& symbol) const {
  auto it = entries_.find(symbol);
  return it == entries_.end() ? nullptr : &it->second.price;
}

std::vector<Price> PriceBook::all() const {
  std::vector<Price> out;
  out.reserve(entries_.size());
  for (const auto& entry : entries_) out.push_back(entry.second.price);
  return out;
}

}  // namespace qd
