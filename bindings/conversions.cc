#include "conversions.h"

namespace qd::bindings {

using emscripten::val;

namespace {

bool has(const val& o, const char* key) { return !o[key].isUndefined() && !o[key].isNull(); }

void readMs(const val& o, const char* key, int64_t& out) {
  if (has(o, key)) out = static_cast<int64_t>(o[key].as<double>());
}

}  // namespace

val msOrNull(int64_t v) { return v < 0 ? val::null() : val(static_cast<double>(v)); }

std::vector<std::string> stringsFromJs(const val& array) {
  std::vector<std::string> out;
  if (!array.isArray()) return out;
  const unsigned n = array["length"].as<unsigned>();
  out.reserve(n);
  for (unsigned i = 0; i < n; ++i) out.push_back(array[i].as<std::string>());
  return out;
}

FeedOptions optionsFromJs(const val& o) {
  FeedOptions f;
  if (o.isUndefined() || o.isNull()) return f;
  if (has(o, "wsUrl")) f.wsUrl = o["wsUrl"].as<std::string>();
  if (has(o, "pollUrl")) f.pollUrl = o["pollUrl"].as<std::string>();
  if (has(o, "symbols")) f.symbols = stringsFromJs(o["symbols"]);  // absent = all
  readMs(o, "pollIntervalMs", f.pollIntervalMs);
  readMs(o, "hiddenPollIntervalMs", f.hiddenPollIntervalMs);
  readMs(o, "pollTimeoutMs", f.pollTimeoutMs);
  if (has(o, "fallbackAfterAttempts")) f.fallbackAfterAttempts = o["fallbackAfterAttempts"].as<int>();
  readMs(o, "fallbackAfterMs", f.fallbackAfterMs);
  readMs(o, "connectTimeoutMs", f.connectTimeoutMs);
  readMs(o, "snapshotTimeoutMs", f.snapshotTimeoutMs);
  readMs(o, "reconnectSpreadMs", f.reconnectSpreadMs);
  readMs(o, "maxRetryAfterMs", f.maxRetryAfterMs);
  readMs(o, "heartbeatTimeoutMs", f.heartbeatTimeoutMs);
  readMs(o, "staleAfterMs", f.staleAfterMs);
  readMs(o, "healthyAfterMs", f.healthyAfterMs);
  readMs(o, "authRetryAfterMs", f.authRetryAfterMs);
  readMs(o, "flushIntervalMs", f.flushIntervalMs);
  readMs(o, "maxMessageBytes", f.maxMessageBytes);
  readMs(o, "logWindowMs", f.logWindowMs);
  if (has(o, "backoff")) {
    const val b = o["backoff"];
    readMs(b, "initialMs", f.backoff.initialMs);
    readMs(b, "maxMs", f.backoff.maxMs);
    if (has(b, "multiplier")) f.backoff.multiplier = b["multiplier"].as<double>();
    if (has(b, "jitter")) f.backoff.jitter = b["jitter"].as<double>();
  }
  return f;
}

val priceToJs(const Price& p) {
  val o = val::object();
  o.set("symbol", p.symbol);
  o.set("price", p.price);
  o.set("confidence", p.confidence);
  o.set("publishTime", static_cast<double>(p.publishTime));
  o.set("seq", p.seq < 0 ? val::null() : val(static_cast<double>(p.seq)));
  o.set("source", std::string(toString(p.source)));
  o.set("receivedAt", static_cast<double>(p.receivedAt));
  o.set("stale", p.stale);
  return o;
}

val pricesToJs(const std::vector<Price>& prices) {
  val arr = val::array();
  for (size_t i = 0; i < prices.size(); ++i) arr.set(i, priceToJs(prices[i]));
  return arr;
}

val statusToJs(const StatusEvent& s) {
  val o = val::object();
  o.set("state", std::string(toString(s.state)));
  o.set("previous", std::string(toString(s.previous)));
  o.set("reason", s.reason);
  o.set("source", std::string(toString(s.source)));
  o.set("attempt", s.attempt);
  o.set("nextRetryInMs", msOrNull(s.nextRetryInMs));
  o.set("at", static_cast<double>(s.at));
  return o;
}

val countersToJs(const Counters& c) {
  val o = val::object();
  o.set("wsAttempts", static_cast<double>(c.wsAttempts));
  o.set("wsMessages", static_cast<double>(c.wsMessages));
  o.set("polls", static_cast<double>(c.polls));
  o.set("pollFailures", static_cast<double>(c.pollFailures));
  o.set("updatesApplied", static_cast<double>(c.updatesApplied));
  o.set("batches", static_cast<double>(c.batches));
  o.set("logsSuppressed", static_cast<double>(c.logsSuppressed));
  o.set("seqResets", static_cast<double>(c.seqResets));
  o.set("wsFailures", static_cast<double>(c.wsFailures));
  val dropped = val::object();
  c.dropped.forEach([&](const char* code, int64_t n) { dropped.set(code, static_cast<double>(n)); });
  o.set("dropped", dropped);
  return o;
}

const char* changeName(Subscription::Change c) {
  switch (c) {
    case Subscription::Change::Applied: return "applied";
    case Subscription::Change::Unchanged: return "unchanged";
    case Subscription::Change::TooMany: return "too_many";
    case Subscription::Change::BadSymbol: return "bad_symbol";
  }
  return "unchanged";
}

const char* levelName(LogLevel level) {
  switch (level) {
    case LogLevel::Info: return "info";
    case LogLevel::Warn: return "warn";
    case LogLevel::Error: return "error";
  }
  return "info";
}

}  // namespace qd::bindings
