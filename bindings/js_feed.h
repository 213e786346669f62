#pragma once
/// What Embind exposes, as free functions over its address (bindings.cpp):
/// a platform::Feed whose sink calls three JavaScript functions. The
/// hand-written JS layer (bindings/js/local_feed.js) wraps it in the public
/// API of contract section 7.
#include <emscripten/val.h>

#include <memory>
#include <string>

#include "feed.h"

namespace qd::bindings {

class JsFeed : private platform::FeedSink {
 public:
  /// `callbacks` = { status(event), prices(array), log(level, text) }.
  JsFeed(emscripten::val options, emscripten::val callbacks);
  ~JsFeed() override;

  void connect() { feed_->connect(); }
  void disconnect() { feed_->disconnect(); }
  void retryNow() { feed_->retryNow(); }
  void credentialsChanged() { feed_->credentialsChanged(); }
  /// "applied", "unchanged", "too_many" or "bad_symbol" (Subscription::Change).
  std::string subscribeSymbols(emscripten::val symbols);
  std::string unsubscribeSymbols(emscripten::val symbols);
  /// "" / <= 0 keep the configured URL / interval.
  void startFallbackPolling(std::string url, double intervalMs);
  void stopFallbackPolling() { feed_->stopFallbackPolling(); }
  void online() { feed_->online(); }
  void offline() { feed_->offline(); }
  void visibility(bool visible) { feed_->visibility(visible); }
  /// See platform::Feed::shutdown: safe inside a callback, safe twice.
  void shutdown();

  /// Everything getConnectionInfo() needs, in one crossing.
  emscripten::val info() const;
  /// The two cheap reads connect() and getConnectionStatus() need, without
  /// info()'s counters and heap walk (mallinfo visits every chunk).
  std::string state() const;
  bool socketOpen() const;
  emscripten::val price(std::string symbol) const;
  emscripten::val prices() const;

 private:
  void onStatus(const StatusEvent& event) override;
  void onPrices(const std::vector<Price>& batch) override;
  void onLog(LogLevel level, const std::string& text) override;

  emscripten::val callbacks_;
  std::unique_ptr<platform::Feed> feed_;
};

/// Wasm memory in bytes (grows, never shrinks), bytes malloc'd right now
/// (every live allocation, including the module's own few KB of buffers),
/// bytes malloc has taken from wasm memory so far, and abandoned polls still
/// in flight: for leak tests and the counters.
emscripten::val memoryStats();

}  // namespace qd::bindings
