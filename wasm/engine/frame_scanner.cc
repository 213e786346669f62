#include "frame_scanner.h"

#include <cmath>
#include <cstdint>
#include <vector>

#include "entry_rules.h"
#include "json_number.h"

namespace qd {
namespace {

enum class Kind { Fail, String, Number, Null, Other };

/// An entry's publishTime stands in here until the envelope's timestamp,
/// which may come after `data`, is known.
constexpr int64_t kTimeFromEnvelope = -2;

class Scanner {
 public:
  explicit Scanner(std::string_view text) : p_(text.data()), end_(text.data() + text.size()) {}

  bool frame(Frame& f, DropCounts& drops) {
    drops_ = &drops;
    skipSpace();
    if (p_ == end_ || *p_ != '{') return false;
    unsigned seen = 0;
    std::string_view type;
    Field ts = Field::Absent;
    int64_t tsValue = -1;
    const bool ok = members([&](std::string_view key) {
      if (key == "type") {
        if (!once(seen, 1)) return false;
        JsonNumber n;
        return value(n, type) == Kind::String;
      }
      if (key == "data") {
        if (!once(seen, 2)) return false;
        skipSpace();
        if (p_ == end_) return false;
        if (*p_ == '{') return entry(f);
        if (*p_ != '[') return false;  // the full parser says bad_frame (or ignores it)
        return elements([&] {
          skipSpace();
          if (p_ != end_ && *p_ == '{') return entry(f);
          ++f.entries;
          RawEntry notAnObject;
          notAnObject.isObject = false;
          Price unused;
          Drop why;
          readEntry(notAnObject, -1, unused, why);
          drops.add(why);
          return skipValue();
        });
      }
      if (key == "timestamp") {
        if (!once(seen, 4)) return false;
        return integerField(ts, tsValue);
      }
      return skipValue();
    });
    if (!ok) return false;
    skipSpace();
    if (p_ != end_) return false;  // trailing bytes: malformed

    f.timestamp = ts == Field::Ok ? tsValue : -1;
    if (type == "snapshot" || type == "market_data_update") {
      if (!(seen & 2)) return false;  // no data: bad_frame
      f.type = type == "snapshot" ? FrameType::Snapshot : FrameType::Update;
      if (!deferred_.empty()) resolveDeferred(f);
      return true;
    }
    f.prices.clear();  // `data` of other frames is not read
    f.entries = 0;
    drops = DropCounts{};
    if (type == "heartbeat") {
      f.type = FrameType::Heartbeat;
      return true;
    }
    if (type == "pong") {
      f.type = FrameType::Pong;
      return true;
    }
    return false;  // error frames, unknown types: the full parser's job
  }

 private:
  static bool once(unsigned& seen, unsigned bit) {
    if (seen & bit) return false;  // duplicate key: the full parser keeps the last one
    seen |= bit;
    return true;
  }

  void skipSpace() {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }

  // *p_ == '"'. Plain printable ASCII only: escapes and UTF-8 need the
  // full parser's decoding and validation.
  bool string(std::string_view& out) {
    const char* start = ++p_;
    for (; p_ != end_; ++p_) {
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        out = std::string_view(start, static_cast<std::size_t>(p_ - start));
        ++p_;
        return true;
      }
      if (c < 0x20 || c >= 0x80 || c == '\\') return false;
    }
    return false;
  }

  bool number(JsonNumber& n) { return readNumberToken(p_, end_, n); }

  bool literal(std::string_view word) {
    if (static_cast<std::size_t>(end_ - p_) < word.size() ||
        std::string_view(p_, word.size()) != word) {
      return false;
    }
    p_ += word.size();
    return true;
  }

  // Any JSON value; strings and numbers are handed back, containers skipped.
  Kind value(JsonNumber& n, std::string_view& str) {
    skipSpace();
    if (p_ == end_) return Kind::Fail;
    switch (*p_) {
      case '"': return string(str) ? Kind::String : Kind::Fail;
      case '{': return members([&](std::string_view) { return skipValue(); }) ? Kind::Other : Kind::Fail;
      case '[': return elements([&] { return skipValue(); }) ? Kind::Other : Kind::Fail;
      case 't': return literal("true") ? Kind::Other : Kind::Fail;
      case 'f': return literal("false") ? Kind::Other : Kind::Fail;
      case 'n': return literal("null") ? Kind::Null : Kind::Fail;
      default: return number(n) ? Kind::Number : Kind::Fail;
    }
  }

  bool skipValue() {
    JsonNumber n;
    std::string_view s;
    const Kind k = value(n, s);
    return k == Kind::Number ? finiteNumber(n) : k != Kind::Fail;
  }

  // *p_ == '{'; calls onMember(key) with p_ before the value.
  template <class OnMember>
  bool members(OnMember&& onMember) {
    ++p_;
    if (++depth_ > kMaxJsonDepth) return false;
    skipSpace();
    if (p_ != end_ && *p_ == '}') {
      ++p_;
      --depth_;
      return true;
    }
    for (;;) {
      skipSpace();
      std::string_view key;
      if (p_ == end_ || *p_ != '"' || !string(key)) return false;
      skipSpace();
      if (p_ == end_ || *p_ != ':') return false;
      ++p_;
      if (!onMember(key)) return false;
      skipSpace();
      if (p_ == end_) return false;
      if (*p_ == ',') {
        ++p_;
      } else if (*p_ == '}') {
        ++p_;
        --depth_;
        return true;
      } else {
        return false;
      }
    }
  }

  // *p_ == '['; calls onElement() with p_ before each element.
  template <class OnElement>
  bool elements(OnElement&& onElement) {
    ++p_;
    if (++depth_ > kMaxJsonDepth) return false;
    skipSpace();
    if (p_ != end_ && *p_ == ']') {
      ++p_;
      --depth_;
      return true;
    }
    for (;;) {
      if (!onElement()) return false;
      skipSpace();
      if (p_ == end_) return false;
      if (*p_ == ',') {
        ++p_;
      } else if (*p_ == ']') {
        ++p_;
        --depth_;
        return true;
      } else {
        return false;
      }
    }
  }

  // protocol.cc's readNumber: null = absent, a number = ok, anything else bad.
  bool numberField(Field& f, double& out) {
    JsonNumber n;
    std::string_view s;
    switch (value(n, s)) {
      case Kind::Fail: return false;
      case Kind::Null: f = Field::Absent; return true;
      case Kind::Number:
        out = numberValue(n);
        if (!std::isfinite(out)) return false;  // overflow: the full parser refuses the frame
        f = Field::Ok;
        return true;
      default: f = Field::Bad; return true;
    }
  }

  // protocol.cc's readInteger: a non-negative integer up to 2^53 (a float
  // with no fraction is fine); null = absent.
  bool integerField(Field& f, int64_t& out) {
    JsonNumber n;
    std::string_view s;
    switch (value(n, s)) {
      case Kind::Fail: return false;
      case Kind::Null: f = Field::Absent; return true;
      case Kind::Number: break;
      default: f = Field::Bad; return true;
    }
    if (!finiteNumber(n)) return false;
    f = qd::integerField(n, out);
    return true;
  }

  // *p_ == '{': one snapshot/update entry, judged by readEntry() like the
  // full parser's. An entry without publishTime waits for the envelope's
  // timestamp (resolveDeferred), keeping its place in the order.
  bool entry(Frame& f) {
    RawEntry e;
    unsigned seen = 0;
    const bool ok = members([&](std::string_view key) {
      if (key == "symbol") {
        if (!once(seen, 1)) return false;
        JsonNumber n;
        const Kind k = value(n, e.symbol);
        if (k == Kind::Fail || (k == Kind::Number && !finiteNumber(n))) return false;
        e.symbolIsString = k == Kind::String;
        return true;
      }
      if (key == "price") return once(seen, 2) && numberField(e.price, e.priceValue);
      if (key == "confidence") return once(seen, 4) && numberField(e.confidence, e.confidenceValue);
      if (key == "publishTime") return once(seen, 8) && integerField(e.time, e.timeValue);
      if (key == "seq") return once(seen, 16) && integerField(e.seq, e.seqValue);
      return skipValue();
    });
    if (!ok) return false;
    ++f.entries;
    if (e.time == Field::Absent) {
      deferred_.push_back(e);
      f.prices.emplace_back().publishTime = kTimeFromEnvelope;
      return true;
    }
    Price& p = f.prices.emplace_back();
    Drop why;
    if (!readEntry(e, -1, p, why)) {
      f.prices.pop_back();
      drops_->add(why);
    }
    return true;
  }

  void resolveDeferred(Frame& f) {
    std::size_t kept = 0;
    std::size_t next = 0;
    for (std::size_t i = 0; i < f.prices.size(); ++i) {
      Price& p = f.prices[i];
      if (p.publishTime == kTimeFromEnvelope) {
        Drop why;
        if (!readEntry(deferred_[next++], f.timestamp, p, why)) {
          drops_->add(why);
          continue;
        }
      }
      if (kept != i) f.prices[kept] = std::move(p);
      ++kept;
    }
    f.prices.resize(kept);
  }

  const char* p_;
  const char* end_;
  int depth_ = 0;
  std::vector<RawEntry> deferred_;
  DropCounts* drops_ = nullptr;
};

}  // namespace

// protocol.h; here, so the fast path and its entry are built together.
Frame parseFrame(std::string_view text, int64_t maxBytes, DropCounts& drops) {
  if (maxBytes >= 0 && static_cast<int64_t>(text.size()) > maxBytes) {
    drops.add(Drop::Oversized);
    return Frame{};
  }
  Frame f;
  if (scanFrame(text, f, drops)) return f;
  return parseFrameFull(text, maxBytes, drops);
}

bool scanFrame(std::string_view text, Frame& out, DropCounts& drops) {
  Frame f;
  DropCounts counts;
  if (!Scanner(text).frame(f, counts)) return false;
  drops.merge(counts);
  out = std::move(f);
  return true;
}

}  // namespace qd
