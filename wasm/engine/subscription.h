#pragma once
/// The subscription of docs/contract.md §6: all symbols, a named set, or all
/// except a named set. It knows the frames that set it up on a new socket
/// and the frames that carry each change, and filters WebSocket and polled
/// prices alike. It never produces a subscribe with an empty list (the
/// server reads that as "all"): an empty named set sends nothing at all.
#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace qd {

/// The reference server's cap on named symbols per connection (a subscribe
/// list, or the exclusions from "all"): the client refuses what the server
/// would refuse, instead of a subscribe that fails every reconnect.
constexpr std::size_t kMaxNamedSymbols = 1000;
/// The reference server's limit on symbols in one frame: longer lists go as
/// several frames.
constexpr std::size_t kMaxSymbolsPerFrame = 100;

/// 1..32 characters of [A-Za-z0-9._/-], the reference server's pattern.
bool validSymbol(std::string_view s);

class Subscription {
 public:
  enum class Mode { All, Only, AllExcept };
  enum class Change {
    Applied,    ///< the set changed; the frames carry it
    Unchanged,  ///< nothing to do (already in, already out)
    TooMany,    ///< would name more than kMaxNamedSymbols: refused, nothing changed
    BadSymbol,  ///< a symbol that is not validSymbol(): refused, nothing changed
  };

  /// No list = all; a list = exactly those (an empty one = nothing).
  explicit Subscription(const std::optional<std::vector<std::string>>& symbols);

  bool wants(std::string_view symbol) const;
  Mode mode() const { return mode_; }
  /// The named set (Only) or the exclusions (AllExcept).
  const std::set<std::string, std::less<>>& names() const { return names_; }
  /// False for an empty named set: no subscribe goes out, no snapshot comes.
  bool expectsSnapshot() const { return mode_ != Mode::Only || !names_.empty(); }

  /// The frames that set this subscription up on a new socket.
  std::vector<std::string> openingFrames() const;

  /// Adds symbols (Only: to the set; AllExcept: out of the exclusions; All:
  /// nothing). On Applied, `frames` gets what an open socket must be sent.
  Change add(const std::vector<std::string>& symbols, std::vector<std::string>& frames);
  /// Removes symbols (Only: from the set, possibly to empty; All: becomes
  /// AllExcept; AllExcept: more exclusions). `removed` gets the symbols that
  /// left, whose prices the book must forget.
  Change remove(const std::vector<std::string>& symbols, std::vector<std::string>& frames,
                std::vector<std::string>& removed);

 private:
  Mode mode_;
  std::set<std::string, std::less<>> names_;
};

}  // namespace qd
