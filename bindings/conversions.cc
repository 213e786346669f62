#include "conversions.h"

namespace qd::bindings {

using emscripten::val;

namespace {

/// The value of `o[key]`, or undefined when `o` has no such key or it is null.
val field(const val& o, const char* key) {
  val v = o[key];
  return v.isNull() ? val::undefined() : v;
}

void readMs(const val& o, const char* key, int64_t& out) {
  const val v = field(o, key);
  if (!v.isUndefined()) out = static_cast<int64_t>(v.as<double>());
}

/// The options read as whole milliseconds (or a count, maxMessageBytes), by
/// name: one table and one loop, not a call site per option (the wasm is
/// smaller by what each inlined lookup cost).
struct MsOption {
  const char* key;
  int64_t FeedOptions::*field;
};
constexpr MsOption kMsOptions[] = {
    {"pollIntervalMs", &FeedOptions::pollIntervalMs},
    {"hiddenPollIntervalMs", &FeedOptions::hiddenPollIntervalMs},
    {"pollTimeoutMs", &FeedOptions::pollTimeoutMs},
    {"fallbackAfterMs", &FeedOptions::fallbackAfterMs},
    {"connectTimeoutMs", &FeedOptions::connectTimeoutMs},
    {"snapshotTimeoutMs", &FeedOptions::snapshotTimeoutMs},
    {"reconnectSpreadMs", &FeedOptions::reconnectSpreadMs},
    {"maxRetryAfterMs", &FeedOptions::maxRetryAfterMs},
    {"heartbeatTimeoutMs", &FeedOptions::heartbeatTimeoutMs},
    {"staleAfterMs", &FeedOptions::staleAfterMs},
    {"healthyAfterMs", &FeedOptions::healthyAfterMs},
    {"authRetryAfterMs", &FeedOptions::authRetryAfterMs},
    {"flushIntervalMs", &FeedOptions::flushIntervalMs},
    {"maxMessageBytes", &FeedOptions::maxMessageBytes},
    {"logWindowMs", &FeedOptions::logWindowMs},
};

/// The counters as JS reads them, by name (FeedCounters in index.d.ts).
struct CounterField {
  const char* key;
  int64_t Counters::*field;
};
constexpr CounterField kCounters[] = {
    {"wsAttempts", &Counters::wsAttempts},
    {"wsMessages", &Counters::wsMessages},
    {"polls", &Counters::polls},
    {"pollFailures", &Counters::pollFailures},
    {"updatesApplied", &Counters::updatesApplied},
    {"batches", &Counters::batches},
    {"logsSuppressed", &Counters::logsSuppressed},
    {"seqResets", &Counters::seqResets},
    {"wsFailures", &Counters::wsFailures},
};

}  // namespace

// One function per value type instead of val::set's instantiation per key
// length (`const char (&)[N]`), each inlined where it is called.
void put(val& o, const char* key, double v) { o.set(key, v); }
void put(val& o, const char* key, bool v) { o.set(key, v); }
void put(val& o, const char* key, const char* v) { o.set(key, std::string(v)); }
void put(val& o, const char* key, const std::string& v) { o.set(key, v); }
void put(val& o, const char* key, const val& v) { o.set(key, v); }

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
  if (const val v = field(o, "wsUrl"); !v.isUndefined()) f.wsUrl = v.as<std::string>();
  if (const val v = field(o, "pollUrl"); !v.isUndefined()) f.pollUrl = v.as<std::string>();
  if (const val v = field(o, "symbols"); !v.isUndefined()) f.symbols = stringsFromJs(v);  // absent = all
  for (const MsOption& m : kMsOptions) readMs(o, m.key, f.*m.field);
  if (const val v = field(o, "fallbackAfterAttempts"); !v.isUndefined()) f.fallbackAfterAttempts = v.as<int>();
  if (const val b = field(o, "backoff"); !b.isUndefined()) {
    readMs(b, "initialMs", f.backoff.initialMs);
    readMs(b, "maxMs", f.backoff.maxMs);
    if (const val v = field(b, "multiplier"); !v.isUndefined()) f.backoff.multiplier = v.as<double>();
    if (const val v = field(b, "jitter"); !v.isUndefined()) f.backoff.jitter = v.as<double>();
  }
  return f;
}

val priceToJs(const Price& p) {
  val o = val::object();
  put(o, "symbol", p.symbol);
  put(o, "price", p.price);
  put(o, "confidence", p.confidence);
  put(o, "publishTime", static_cast<double>(p.publishTime));
  put(o, "seq", msOrNull(p.seq));
  put(o, "source", toString(p.source));
  put(o, "receivedAt", static_cast<double>(p.receivedAt));
  put(o, "stale", p.stale);
  return o;
}

val pricesToJs(const std::vector<Price>& prices) {
  val arr = val::array();
  for (size_t i = 0; i < prices.size(); ++i) arr.set(i, priceToJs(prices[i]));
  return arr;
}

val statusToJs(const StatusEvent& s) {
  val o = val::object();
  put(o, "state", toString(s.state));
  put(o, "previous", toString(s.previous));
  put(o, "reason", s.reason);
  put(o, "source", toString(s.source));
  put(o, "attempt", static_cast<double>(s.attempt));
  put(o, "nextRetryInMs", msOrNull(s.nextRetryInMs));
  put(o, "at", static_cast<double>(s.at));
  return o;
}

val countersToJs(const Counters& c) {
  val o = val::object();
  for (const CounterField& f : kCounters) put(o, f.key, static_cast<double>(c.*f.field));
  val dropped = val::object();
  c.dropped.forEach([&](const char* code, int64_t n) { put(dropped, code, static_cast<double>(n)); });
  put(o, "dropped", dropped);
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
