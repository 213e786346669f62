#include "drops.h"

namespace qd {
namespace {

struct Row {
  Drop drop;
  const char* code;
};

// Rows are in enum order; the static_asserts below catch a missing one.
constexpr Row kRows[] = {
    {Drop::Oversized, "oversized"},
    {Drop::TooDeep, "too_deep"},
    {Drop::MalformedJson, "malformed_json"},
    {Drop::BadFrame, "bad_frame"},
    {Drop::BadBody, "bad_body"},
    {Drop::UnknownType, "unknown_type"},
    {Drop::BadEntry, "bad_entry"},
    {Drop::MissingSymbol, "missing_symbol"},
    {Drop::BadSymbol, "bad_symbol"},
    {Drop::BadPrice, "bad_price"},
    {Drop::BadConfidence, "bad_confidence"},
    {Drop::BadTime, "bad_time"},
    {Drop::MissingTime, "missing_time"},
    {Drop::BadSeq, "bad_seq"},
    {Drop::BadMeta, "bad_meta"},
    {Drop::StaleSeq, "stale_seq"},
    {Drop::StaleTime, "stale_time"},
    {Drop::Duplicate, "duplicate"},
    {Drop::TooManySymbols, "too_many_symbols"},
    {Drop::NotSubscribed, "not_subscribed"},
    {Drop::RestWhileLive, "rest_while_live"},
};

static_assert(sizeof(kRows) / sizeof(kRows[0]) == kDropKinds, "every Drop needs exactly one row");

constexpr bool rowsInOrder() {
  for (std::size_t i = 0; i < kDropKinds; ++i) {
    if (static_cast<std::size_t>(kRows[i].drop) != i) return false;
  }
  return true;
}
static_assert(rowsInOrder(), "kRows must follow the enum order");

}  // namespace

const char* dropCode(Drop d) {
  const auto i = static_cast<std::size_t>(d);
  return i < kDropKinds ? kRows[i].code : "";
}

}  // namespace qd
