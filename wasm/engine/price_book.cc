#include "price_book.h"

#include <cmath>

namespace qd {

const char* PriceBook::invalidReason(const Price& p) {
  if (p.symbol.empty()) return "missing_symbol";
  if (p.symbol.size() > kMaxSymbolLength) return "bad_symbol";
  if (!std::isfinite(p.price) || p.price <= 0) return "bad_price";
  if (!std::isfinite(p.confidence) || p.confidence < 0) return "bad_confidence";
  if (p.publishTime < 0) return "bad_time";
  if (p.seq < -1) return "bad_seq";
  return "";
}

ApplyResult PriceBook::apply(const Price& update, int64_t now, DropCounts& drops) {
  const char* bad = invalidReason(update);
  if (*bad) {
    ++drops[bad];
    return ApplyResult::Invalid;
  }
  auto it = entries_.find(update.symbol);
  if (it == entries_.end()) {
    if (entries_.size() >= kMaxSymbols) {
      ++drops["too_many_symbols"];
      return ApplyResult::Invalid;
    }
  } else {
    const Price& e = it->second;
    if (update.seq >= 0 && e.seq >= 0) {
      if (update.seq == e.seq) {
        ++drops["duplicate"];
        return ApplyResult::Duplicate;
      }
      if (update.seq < e.seq) {
        // A lower seq with a strictly newer publishTime: the server restarted
        // its sequence. Anything else lower is an old message.
        if (update.publishTime <= e.publishTime) {
          ++drops["stale_seq"];
          return ApplyResult::Older;
        }
        ++seqResets_;
      }
    } else if (update.publishTime == e.publishTime) {
      ++drops["duplicate"];
      return ApplyResult::Duplicate;
    } else if (update.publishTime < e.publishTime) {
      ++drops["stale_time"];
      return ApplyResult::Older;
    }
  }
  Price& slot = entries_[update.symbol];
  slot = update;
  slot.receivedAt = now;
  slot.stale = false;
  changed_.insert(update.symbol);
  if (oldestFresh_ < 0) oldestFresh_ = now;
  return ApplyResult::Applied;
}

void PriceBook::markStale(int64_t now, int64_t staleAfterMs) {
  oldestFresh_ = -1;
  for (auto& [symbol, p] : entries_) {
    if (p.stale) continue;
    if (now - p.receivedAt >= staleAfterMs) {
      p.stale = true;
      changed_.insert(symbol);
    } else if (oldestFresh_ < 0 || p.receivedAt < oldestFresh_) {
      oldestFresh_ = p.receivedAt;
    }
  }
}

int64_t PriceBook::nextStaleDeadline(int64_t staleAfterMs) const {
  return oldestFresh_ < 0 ? -1 : oldestFresh_ + staleAfterMs;
}

std::vector<Price> PriceBook::takeChanged() {
  std::vector<Price> out;
  out.reserve(changed_.size());
  for (const auto& symbol : changed_) {
    auto it = entries_.find(symbol);
    if (it != entries_.end()) out.push_back(it->second);
  }
  changed_.clear();
  return out;
}

const Price* PriceBook::find(const std::string& symbol) const {
  auto it = entries_.find(symbol);
  return it == entries_.end() ? nullptr : &it->second;
}

std::vector<Price> PriceBook::all() const {
  std::vector<Price> out;
  out.reserve(entries_.size());
  for (const auto& entry : entries_) out.push_back(entry.second);
  return out;
}

}  // namespace qd
