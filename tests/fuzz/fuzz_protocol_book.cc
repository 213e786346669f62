// libFuzzer target over the protocol, the price book and the controller.
// The first byte picks the mode:
//   0: the bytes are a WebSocket frame -> parseFrame -> PriceBook, and
//      parseFrame (scanner fast path) == parseFrameFull (json_text.h) ==
//      nlohmann's DOM (the oracle, tests/native/nlohmann_oracle.h)
//   1: the bytes are a REST body -> parseRestBody -> PriceBook, and
//      parseRestBody == nlohmann's
//   2: the bytes are a script of platform events driving a FeedController
//   3: the bytes are a number -> decimalToDouble == decimalDigitsToDouble ==
//      strtod, bit for bit
//   4: the bytes are symbols (split at ',') -> the subscribe frames are
//      nlohmann's, byte for byte
// Invariants (a violation traps): nothing invalid ever enters the book, the
// fast paths agree with their references, and after advance(now) no timer is
// still due (no stuck or spinning deadline).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "decimal_digits.h"
#include "decimal_to_double.h"
#include "feed_controller.h"
#include "nlohmann_oracle.h"
#include "price_book.h"
#include "protocol.h"

namespace {

using namespace qd;

void check(bool ok) {
  if (!ok) __builtin_trap();
}

void checkBook(const std::vector<Price>& prices) {
  for (const auto& p : prices) {
    check(!p.symbol.empty() && p.symbol.size() <= kMaxSymbolLength);
    check(std::isfinite(p.price) && p.price > 0);
    check(std::isfinite(p.confidence) && p.confidence >= 0);
    check(p.publishTime >= 0);
  }
}

bool sameBits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

void checkSameFrame(const Frame& a, const Frame& b) {
  check(a.type == b.type && a.timestamp == b.timestamp && a.entries == b.entries && a.errorCode == b.errorCode &&
        a.errorMessage == b.errorMessage && a.prices.size() == b.prices.size());
  for (size_t i = 0; i < a.prices.size(); ++i) {
    const Price& p = a.prices[i];
    const Price& q = b.prices[i];
    check(p.symbol == q.symbol && sameBits(p.price, q.price) &&
          sameBits(p.confidence, q.confidence) && p.publishTime == q.publishTime &&
          p.seq == q.seq);
  }
}

void fuzzFrame(const std::string& text) {
  DropCounts drops;
  PriceBook book;
  Frame f = parseFrame(text, 1 << 20, drops);
  DropCounts fullDrops;
  checkSameFrame(f, parseFrameFull(text, 1 << 20, fullDrops));
  check(drops == fullDrops);
  DropCounts oracleDrops;
  checkSameFrame(f, oracle::parseFrame(text, 1 << 20, oracleDrops));
  check(drops == oracleDrops);
  for (const auto& p : f.prices) book.apply(p, 1, drops);
  checkBook(book.all());
  checkBook(book.takeChanged());
}

// JSON's number grammar, the precondition of decimalToDouble.
bool isJsonNumber(const std::string& s) {
  size_t i = 0;
  auto digits = [&] {
    const size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i > start;
  };
  if (i < s.size() && s[i] == '-') ++i;
  if (i < s.size() && s[i] == '0') {
    ++i;
  } else if (!(i < s.size() && s[i] >= '1' && s[i] <= '9' && digits())) {
    return false;
  }
  if (i < s.size() && s[i] == '.' && !(++i, digits())) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == s.size();
}

void fuzzNumber(const std::string& text) {
  if (!isJsonNumber(text)) return;
  const double want = std::strtod(text.c_str(), nullptr);
  check(sameBits(decimalToDouble(text), want));
  check(sameBits(decimalDigitsToDouble(text), want));  // the slow path alone, on every number
}

void fuzzRest(const std::string& text) {
  DropCounts drops;
  PriceBook book;
  RestBody b = parseRestBody(text, 1 << 20, drops);
  check(b.ok || b.prices.empty());
  DropCounts oracleDrops;
  const RestBody ref = oracle::parseRestBody(text, 1 << 20, oracleDrops);
  check(drops == oracleDrops && b.ok == ref.ok && b.timestamp == ref.timestamp &&
        b.prices.size() == ref.prices.size());
  for (size_t i = 0; i < b.prices.size(); ++i) {
    const Price& p = b.prices[i];
    const Price& q = ref.prices[i];
    check(p.symbol == q.symbol && sameBits(p.price, q.price) && sameBits(p.confidence, q.confidence) &&
          p.publishTime == q.publishTime && p.seq == q.seq && p.timeFromResponse == q.timeFromResponse);
  }
  for (const auto& p : b.prices) book.apply(p, 1, drops);
  checkBook(book.all());
}

void fuzzClientFrames(const std::string& text) {
  std::vector<std::string> symbols;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == ',') {
      symbols.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  check(subscribeFrame(symbols) == oracle::subscribeFrame(symbols));
  check(unsubscribeFrame(symbols) == oracle::unsubscribeFrame(symbols));
}

// Reads the script: each op is one byte, some take a length-prefixed text.
class Script {
 public:
  Script(const uint8_t* data, size_t size) : d_(data), n_(size) {}
  bool more() const { return i_ < n_; }
  uint8_t byte() { return i_ < n_ ? d_[i_++] : 0; }
  std::string text() {
    size_t len = byte();
    len = len * 4;  // up to ~1 KB per frame
    if (len > n_ - i_) len = n_ - i_;
    std::string s(reinterpret_cast<const char*>(d_ + i_), len);
    i_ += len;
    return s;
  }

 private:
  const uint8_t* d_;
  size_t n_;
  size_t i_ = 0;
};

void fuzzController(const uint8_t* data, size_t size) {
  SeededRandom random(size);
  FeedOptions o;
  o.maxMessageBytes = 4096;
  FeedController feed(o, random);
  Script s(data, size);
  int64_t now = 0;
  SocketId sock = 0;
  PollId poll = 0;
  static const int kCodes[] = {1000, 1006, 1011, 1012, 1013, 4000, 4401, 4403, 0};
  static const int kStatus[] = {200, 200, 0, 401, 403, 429, 500, 503};
  const std::string body =
      R"({"success":true,"data":{"BTC":1.5,"ETH":2},"meta":{"BTC":{"seq":3,"publishTime":9}},"timestamp":10})";
  for (int steps = 0; s.more() && steps < 2000; ++steps) {
    const uint8_t op = s.byte();
    switch (op % 18) {
      case 0: feed.connect(now); break;
      case 1: feed.disconnect(now); break;
      case 2: now += 1 + s.byte() * 97; break;  // time moves forward only
      case 3: feed.onSocketOpen(now, sock); break;
      case 4: feed.onSocketMessage(now, sock, s.text()); break;
      case 5: feed.onSocketError(now, sock); break;
      case 6: feed.onSocketClose(now, sock, kCodes[s.byte() % 9], ""); break;
      case 7: {
        PollResult r;
        r.status = kStatus[s.byte() % 8];
        r.body = (op & 0x10) ? body : s.text();
        r.retryAfterMs = (op & 0x20) ? s.byte() * 1000 : -1;
        feed.onPollResult(now, poll, r);
        break;
      }
      case 8: feed.onOnline(now); break;
      case 9: feed.onOffline(now); break;
      case 10: feed.onVisibility(now, (op & 0x10) != 0); break;
      case 11: feed.retryNow(now); break;
      case 12: feed.credentialsChanged(now); break;
      case 13: feed.subscribeSymbols(now, {s.text()}); break;
      case 14: feed.unsubscribeSymbols(now, {s.text()}); break;
      case 15:
        if (op & 0x10) {
          feed.startFallbackPolling(now, "", s.byte() * 10);
        } else {
          feed.stopFallbackPolling(now);
        }
        break;
      case 16: feed.onSocketOversized(now, sock, 1 << 21); break;
      case 17: feed.setWallClockOffset(int64_t{s.byte()} << 32); break;
    }
    // Play the adapter: run due timers, remember the handles in use.
    const int64_t due = feed.nextDeadline();
    if (due >= 0 && due <= now) feed.advance(now);
    const int64_t next = feed.nextDeadline();
    check(next < 0 || next > now);
    for (const Action& a : feed.takeActions()) {
      if (a.kind == Action::Kind::OpenSocket) sock = a.id;
      if (a.kind == Action::Kind::StartPoll) poll = a.id;
      if (a.kind == Action::Kind::Status) check(a.status.state != a.status.previous);
    }
    checkBook(feed.takeBatch());
    checkBook(feed.prices());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string rest(reinterpret_cast<const char*>(data + 1), size - 1);
  switch (data[0] % 5) {
    case 0: fuzzFrame(rest); break;
    case 1: fuzzRest(rest); break;
    case 2: fuzzController(data + 1, size - 1); break;
    case 3: fuzzNumber(rest); break;
    default: fuzzClientFrames(rest); break;
  }
  return 0;
}
