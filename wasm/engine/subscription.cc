#include "subscription.h"

#include <algorithm>
#include <cstddef>

#include "protocol.h"

namespace qd {
namespace {

bool symbolChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '/' || c == '-';
}

/// `frame(list)` for `symbols` in chunks of kMaxSymbolsPerFrame; none when empty.
template <class MakeFrame>
void chunked(const std::vector<std::string>& symbols, MakeFrame frame, std::vector<std::string>& out) {
  for (std::size_t i = 0; i < symbols.size(); i += kMaxSymbolsPerFrame) {
    const std::size_t end = std::min(symbols.size(), i + kMaxSymbolsPerFrame);
    out.push_back(frame(std::vector<std::string>(symbols.begin() + static_cast<std::ptrdiff_t>(i),
                                                 symbols.begin() + static_cast<std::ptrdiff_t>(end))));
  }
}

bool allValid(const std::vector<std::string>& symbols) {
  for (const auto& s : symbols) {
    if (!validSymbol(s)) return false;
  }
  return true;
}

}  // namespace

bool validSymbol(std::string_view s) {
  if (s.empty() || s.size() > 32) return false;
  for (char c : s) {
    if (!symbolChar(c)) return false;
  }
  return true;
}

Subscription::Subscription(const std::optional<std::vector<std::string>>& symbols)
    : mode_(symbols ? Mode::Only : Mode::All) {
  if (!symbols) return;
  for (const auto& s : *symbols) {
    if (validSymbol(s) && names_.size() < kMaxNamedSymbols) names_.insert(s);
  }
}

bool Subscription::wants(std::string_view symbol) const {
  switch (mode_) {
    case Mode::All: return true;
    case Mode::Only: return names_.count(symbol) > 0;
    case Mode::AllExcept: return names_.count(symbol) == 0;
  }
  return false;
}

std::vector<std::string> Subscription::openingFrames() const {
  std::vector<std::string> frames;
  const std::vector<std::string> list(names_.begin(), names_.end());
  if (mode_ == Mode::Only) {
    chunked(list, subscribeFrame, frames);
  } else {
    frames.push_back(subscribeAllFrame());
    if (mode_ == Mode::AllExcept) chunked(list, unsubscribeFrame, frames);
  }
  return frames;
}

Subscription::Change Subscription::add(const std::vector<std::string>& symbols,
                                       std::vector<std::string>& frames) {
  if (!allValid(symbols)) return Change::BadSymbol;
  std::vector<std::string> changed;
  for (const auto& s : std::set<std::string>(symbols.begin(), symbols.end())) {
    const bool in = names_.count(s) > 0;
    if (mode_ == Mode::Only ? !in : mode_ == Mode::AllExcept && in) changed.push_back(s);
  }
  if (changed.empty()) return Change::Unchanged;
  if (mode_ == Mode::Only) {
    if (names_.size() + changed.size() > kMaxNamedSymbols) return Change::TooMany;
    names_.insert(changed.begin(), changed.end());
  } else {
    for (const auto& s : changed) names_.erase(s);
    if (names_.empty()) mode_ = Mode::All;
  }
  // On the server, a subscribe adds to a named set and takes names out of
  // the exclusions of "all": the same frame serves both.
  chunked(changed, subscribeFrame, frames);
  return Change::Applied;
}

Subscription::Change Subscription::remove(const std::vector<std::string>& symbols,
                                          std::vector<std::string>& frames,
                                          std::vector<std::string>& removed) {
  if (!allValid(symbols)) return Change::BadSymbol;
  std::vector<std::string> changed;
  for (const auto& s : std::set<std::string>(symbols.begin(), symbols.end())) {
    const bool in = names_.count(s) > 0;
    if (mode_ == Mode::Only ? in : !in) changed.push_back(s);
  }
  if (changed.empty()) return Change::Unchanged;
  if (mode_ == Mode::Only) {
    for (const auto& s : changed) names_.erase(s);
  } else {
    if (names_.size() + changed.size() > kMaxNamedSymbols) return Change::TooMany;
    names_.insert(changed.begin(), changed.end());
    mode_ = Mode::AllExcept;
  }
  // An unsubscribe takes names out of a named set and adds exclusions to
  // "all". Unsubscribing the last named symbol leaves the server an empty
  // named set: nothing arrives, and no subscribe with an empty list is sent.
  chunked(changed, unsubscribeFrame, frames);
  removed = changed;
  return Change::Applied;
}

}  // namespace qd
