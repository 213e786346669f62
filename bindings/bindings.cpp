// Embind declarations only; the glue lives in js_feed.* and conversions.*.
//
// Free functions over an opaque handle (the JsFeed's address), not a
// class_<JsFeed>: Embind's class machinery (handles, reference counts,
// FinalizationRegistry, pointer casts and overload tables) is most of its JS
// runtime, and the JS layer needs none of it; local_feed.js holds the handle
// and frees it once. Measured: glue 9.9 -> 7.6 KB gzip, wasm 0.4 KB less
// (docs/benchmarks.md section 1).
#include <emscripten/bind.h>

#include <cstdint>

#include "js_feed.h"

namespace {

using qd::bindings::JsFeed;
using emscripten::val;
using Handle = uintptr_t;

JsFeed& feed(Handle h) { return *reinterpret_cast<JsFeed*>(h); }

}  // namespace

EMSCRIPTEN_BINDINGS(quantdesk_pricefeed) {
  using emscripten::function;
  function("feedNew", +[](val options, val callbacks) {
    return reinterpret_cast<Handle>(new JsFeed(std::move(options), std::move(callbacks)));
  });
  function("feedDelete", +[](Handle h) { delete &feed(h); });
  function("feedConnect", +[](Handle h) { feed(h).connect(); });
  function("feedDisconnect", +[](Handle h) { feed(h).disconnect(); });
  function("feedRetryNow", +[](Handle h) { feed(h).retryNow(); });
  function("feedCredentialsChanged", +[](Handle h) { feed(h).credentialsChanged(); });
  function("feedSubscribeSymbols", +[](Handle h, val symbols) { return feed(h).subscribeSymbols(std::move(symbols)); });
  function("feedUnsubscribeSymbols", +[](Handle h, val symbols) { return feed(h).unsubscribeSymbols(std::move(symbols)); });
  function("feedStartFallbackPolling", +[](Handle h, std::string url, double intervalMs) {
    feed(h).startFallbackPolling(std::move(url), intervalMs);
  });
  function("feedStopFallbackPolling", +[](Handle h) { feed(h).stopFallbackPolling(); });
  function("feedOnline", +[](Handle h) { feed(h).online(); });
  function("feedOffline", +[](Handle h) { feed(h).offline(); });
  function("feedVisibility", +[](Handle h, bool visible) { feed(h).visibility(visible); });
  function("feedShutdown", +[](Handle h) { feed(h).shutdown(); });
  function("feedInfo", +[](Handle h) { return feed(h).info(); });
  function("feedState", +[](Handle h) { return feed(h).state(); });
  function("feedSocketOpen", +[](Handle h) { return feed(h).socketOpen(); });
  function("feedPrice", +[](Handle h, std::string symbol) { return feed(h).price(std::move(symbol)); });
  function("feedPrices", +[](Handle h) { return feed(h).prices(); });
  function("memoryStats", &qd::bindings::memoryStats);
}
