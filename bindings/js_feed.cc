#include "js_feed.h"

#include <emscripten/heap.h>
#include <malloc.h>

#include <cstdint>

#include "conversions.h"

extern "C" size_t __heap_base;  // the linker's: where malloc's memory starts

namespace qd::bindings {

using emscripten::val;

namespace {
void setMemoryStats(val& o) {
  // The allocator's books (emmalloc, bindings/CMakeLists.txt): uordblks =
  // bytes in blocks handed out and not freed. Reserved = what malloc has
  // taken from wasm memory with sbrk, whichever allocator: its high-water
  // mark (a 300 KB frame raises it, freeing does not).
  const struct mallinfo m = mallinfo();
  const uintptr_t reserved = *emscripten_get_sbrk_ptr() - reinterpret_cast<uintptr_t>(&__heap_base);
  put(o, "heapBytes", static_cast<double>(emscripten_get_heap_size()));
  put(o, "heapUsedBytes", static_cast<double>(m.uordblks));
  put(o, "heapReservedBytes", static_cast<double>(reserved));
  put(o, "orphanedPolls", static_cast<double>(platform::FetchAdapter::orphans()));
}
}  // namespace

JsFeed::JsFeed(val options, val callbacks)
    : callbacks_(std::move(callbacks)),
      feed_(std::make_unique<platform::Feed>(optionsFromJs(options), static_cast<platform::FeedSink&>(*this))) {}

JsFeed::~JsFeed() { shutdown(); }

std::string JsFeed::subscribeSymbols(val symbols) {
  return changeName(feed_->subscribeSymbols(stringsFromJs(symbols)));
}
std::string JsFeed::unsubscribeSymbols(val symbols) {
  return changeName(feed_->unsubscribeSymbols(stringsFromJs(symbols)));
}
void JsFeed::startFallbackPolling(std::string url, double intervalMs) {
  feed_->startFallbackPolling(url, static_cast<int64_t>(intervalMs));
}

void JsFeed::shutdown() { feed_->shutdown(); }

void JsFeed::onStatus(const StatusEvent& event) { callbacks_.call<void>("status", statusToJs(event)); }
void JsFeed::onPrices(const std::vector<Price>& batch) { callbacks_.call<void>("prices", pricesToJs(batch)); }
void JsFeed::onLog(LogLevel level, const std::string& text) {
  callbacks_.call<void>("log", std::string(levelName(level)), text);
}

std::string JsFeed::state() const { return std::string(toString(feed_->controller().state())); }

bool JsFeed::socketOpen() const { return feed_->controller().socketOpen(); }

val JsFeed::info() const {
  const FeedController& c = feed_->controller();
  // The live values, not the last StatusEvent's: reason, attempt and the
  // retry countdown move between state changes.
  val o = val::object();
  put(o, "state", toString(c.state()));
  put(o, "source", toString(c.source()));
  put(o, "reason", c.reason());
  put(o, "attempt", static_cast<double>(c.attempt()));
  put(o, "nextRetryInMs", msOrNull(c.nextRetryInMs(feed_->now())));
  put(o, "polling", c.polling());
  put(o, "socketOpen", c.socketOpen());
  put(o, "lastMessageAt", msOrNull(c.lastMessageAt()));
  val counters = countersToJs(c.counters());
  put(counters, "liveSockets", static_cast<double>(feed_->liveSockets()));
  put(counters, "pollsInFlight", static_cast<double>(feed_->pollsInFlight()));
  setMemoryStats(counters);
  put(o, "counters", counters);
  return o;
}

val JsFeed::price(std::string symbol) const {
  const Price* p = feed_->controller().price(symbol);
  return p ? priceToJs(*p) : val::undefined();
}

val JsFeed::prices() const { return pricesToJs(feed_->controller().prices()); }

val memoryStats() {
  val o = val::object();
  setMemoryStats(o);
  return o;
}

}  // namespace qd::bindings
