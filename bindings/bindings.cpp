// Embind declarations only; the glue lives in js_feed.* and conversions.*.
#include <emscripten/bind.h>

#include "js_feed.h"

EMSCRIPTEN_BINDINGS(quantdesk_pricefeed) {
  using qd::bindings::JsFeed;
  emscripten::class_<JsFeed>("NativeFeed")
      .constructor<emscripten::val, emscripten::val>()
      .function("connect", &JsFeed::connect)
      .function("disconnect", &JsFeed::disconnect)
      .function("retryNow", &JsFeed::retryNow)
      .function("credentialsChanged", &JsFeed::credentialsChanged)
      .function("subscribeSymbols", &JsFeed::subscribeSymbols)
      .function("unsubscribeSymbols", &JsFeed::unsubscribeSymbols)
      .function("startFallbackPolling", &JsFeed::startFallbackPolling)
      .function("stopFallbackPolling", &JsFeed::stopFallbackPolling)
      .function("online", &JsFeed::online)
      .function("offline", &JsFeed::offline)
      .function("visibility", &JsFeed::visibility)
      .function("shutdown", &JsFeed::shutdown)
      .function("info", &JsFeed::info)
      .function("state", &JsFeed::state)
      .function("socketOpen", &JsFeed::socketOpen)
      .function("price", &JsFeed::price)
      .function("prices", &JsFeed::prices);
  emscripten::function("memoryStats", &qd::bindings::memoryStats);
}
