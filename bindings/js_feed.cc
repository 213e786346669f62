#include "js_feed.h"

#include <emscripten/heap.h>
#include <malloc.h>

#include "conversions.h"

namespace qd::bindings {

using emscripten::val;

JsFeed::JsFeed(val options, val callbacks)
    : callbacks_(std::move(callbacks)),
      feed_(std::make_unique<platform::Feed>(optionsFromJs(options), static_cast<platform::FeedSink&>(*this))) {}

JsFeed::~JsFeed() { shutdown(); }

void JsFeed::subscribeSymbols(val symbols) { feed_->subscribeSymbols(stringsFromJs(symbols)); }
void JsFeed::unsubscribeSymbols(val symbols) { feed_->unsubscribeSymbols(stringsFromJs(symbols)); }
void JsFeed::startFallbackPolling(std::string url, double intervalMs) {
  feed_->startFallbackPolling(url, static_cast<int64_t>(intervalMs));
}

void JsFeed::shutdown() { feed_->shutdown(); }

void JsFeed::onStatus(const StatusEvent& event) { callbacks_.call<void>("status", statusToJs(event)); }
void JsFeed::onPrices(const std::vector<Price>& batch) { callbacks_.call<void>("prices", pricesToJs(batch)); }
void JsFeed::onLog(LogLevel level, const std::string& text) {
  callbacks_.call<void>("log", std::string(levelName(level)), text);
}

val JsFeed::info() const {
  const FeedController& c = feed_->controller();
  const int64_t now = feed_->now();
  // The last event's fields, then what has moved since without a new event.
  val o = statusToJs(c.lastStatus());
  o.set("state", std::string(toString(c.state())));
  o.set("source", std::string(toString(c.source())));
  o.set("reason", c.reason());
  o.set("attempt", c.attempt());
  const int64_t retry = c.nextRetryInMs(now);
  o.set("nextRetryInMs", retry < 0 ? val::null() : val(static_cast<double>(retry)));
  o.set("polling", c.polling());
  o.set("socketOpen", c.socketOpen());
  const int64_t last = c.lastMessageAt();
  o.set("lastMessageAt", last < 0 ? val::null() : val(static_cast<double>(last)));
  val counters = countersToJs(c.counters());
  counters.set("liveSockets", static_cast<double>(feed_->liveSockets()));
  counters.set("pollsInFlight", static_cast<double>(feed_->pollsInFlight()));
  const val mem = memoryStats();
  counters.set("orphanedPolls", mem["orphanedPolls"]);
  counters.set("heapBytes", mem["heapBytes"]);
  counters.set("heapUsedBytes", mem["heapUsedBytes"]);
  counters.set("heapReservedBytes", mem["heapReservedBytes"]);
  o.set("counters", counters);
  return o;
}

val JsFeed::price(std::string symbol) const {
  const Price* p = feed_->controller().price(symbol);
  return p ? priceToJs(*p) : val::undefined();
}

val JsFeed::prices() const { return pricesToJs(feed_->controller().prices()); }

val memoryStats() {
  val o = val::object();
  // dlmalloc's own books (Emscripten's default malloc): uordblks = bytes in
  // chunks handed out and not freed, arena = bytes it took from wasm memory
  // (its high-water mark: a 300 KB frame raises it, freeing does not).
  const struct mallinfo m = mallinfo();
  o.set("heapBytes", static_cast<double>(emscripten_get_heap_size()));
  o.set("heapUsedBytes", static_cast<double>(m.uordblks));
  o.set("heapReservedBytes", static_cast<double>(m.arena));
  o.set("orphanedPolls", static_cast<double>(platform::FetchAdapter::orphans()));
  return o;
}

}  // namespace qd::bindings
