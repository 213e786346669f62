#pragma once
/// The rules a price entry must pass (docs/contract.md §6), in one function
/// that both frame readers share: the one-pass scanner (frame_scanner.cc)
/// and the full parser (protocol.cc) fill a RawEntry however they
/// read it, and readEntry() decides. The book applies checkPrice() to
/// anything it is handed, so nothing invalid can enter it by another path.
#include <cstdint>
#include <string_view>

#include "drops.h"
#include "price.h"

namespace qd {

/// A symbol is 1..kMaxSymbolLength bytes: tickers are short, and a bound keeps
/// a hostile frame from filling memory through keys.
constexpr std::size_t kMaxSymbolLength = 32;

/// Times and seqs are integers in [0, 2^53]: exact in a JS number.
constexpr int64_t kMaxInteger = int64_t{1} << 53;

/// How a field of an entry was found: absent (or null), usable, or present
/// with the wrong type or range.
enum class Field : uint8_t { Absent, Ok, Bad };

/// What one snapshot/update entry held. `symbol` points into the frame and
/// is read during readEntry() only.
struct RawEntry {
  bool isObject = true;
  bool symbolIsString = false;
  std::string_view symbol;
  Field price = Field::Absent;
  double priceValue = 0;
  Field confidence = Field::Absent;
  double confidenceValue = 0;
  Field time = Field::Absent;
  int64_t timeValue = 0;
  Field seq = Field::Absent;
  int64_t seqValue = -1;
};

/// Checks `e` in the contract's order (shape, symbol, price, confidence,
/// publishTime, seq, then the values) and builds `out`. A missing
/// publishTime takes `fallbackTime` (the envelope's timestamp; -1 = none).
/// Returns false and sets `why` when the entry must be dropped.
bool readEntry(const RawEntry& e, int64_t fallbackTime, Price& out, Drop& why);

/// The value rules for any price, however it arrived: a symbol of 1..32
/// bytes, a finite price > 0, a finite confidence >= 0, publishTime >= 0,
/// seq >= -1 (-1 = none). Returns false and sets `why` otherwise.
bool checkPrice(const Price& p, Drop& why);

}  // namespace qd
