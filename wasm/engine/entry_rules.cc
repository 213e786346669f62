#include "entry_rules.h"

#include <cmath>

namespace qd {

bool checkPrice(const Price& p, Drop& why) {
  if (p.symbol.empty()) {
    why = Drop::MissingSymbol;
  } else if (p.symbol.size() > kMaxSymbolLength) {
    why = Drop::BadSymbol;
  } else if (!std::isfinite(p.price) || p.price <= 0) {
    why = Drop::BadPrice;
  } else if (!std::isfinite(p.confidence) || p.confidence < 0) {
    why = Drop::BadConfidence;
  } else if (p.publishTime < 0 || p.publishTime > kMaxInteger) {
    why = Drop::BadTime;
  } else if (p.seq < -1 || p.seq > kMaxInteger) {
    why = Drop::BadSeq;
  } else {
    return true;
  }
  return false;
}

bool readEntry(const RawEntry& e, int64_t fallbackTime, Price& out, Drop& why) {
  if (!e.isObject) {
    why = Drop::BadEntry;
    return false;
  }
  if (!e.symbolIsString || e.symbol.empty()) {
    why = Drop::MissingSymbol;
    return false;
  }
  if (e.symbol.size() > kMaxSymbolLength) {
    why = Drop::BadSymbol;
    return false;
  }
  if (e.price != Field::Ok) {
    why = Drop::BadPrice;
    return false;
  }
  if (e.confidence == Field::Bad) {
    why = Drop::BadConfidence;
    return false;
  }
  if (e.time == Field::Bad) {
    why = Drop::BadTime;
    return false;
  }
  if (e.time == Field::Absent && fallbackTime < 0) {
    why = Drop::MissingTime;
    return false;
  }
  if (e.seq == Field::Bad) {
    why = Drop::BadSeq;
    return false;
  }
  out.symbol.assign(e.symbol.data(), e.symbol.size());
  out.price = e.priceValue;
  out.confidence = e.confidence == Field::Ok ? e.confidenceValue : 0;
  out.publishTime = e.time == Field::Ok ? e.timeValue : fallbackTime;
  out.seq = e.seq == Field::Ok ? e.seqValue : -1;
  return checkPrice(out, why);
}

}  // namespace qd
