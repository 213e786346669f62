#pragma once
/// One live feed in the page: the engine's FeedController plus the adapters
/// that perform its Actions. Every platform event goes through the controller
/// with the current time; this class decides nothing by itself.
#include <cstdint>
#include <string>
#include <vector>

#include "clock.h"
#include "deadline_timer.h"
#include "feed_controller.h"
#include "fetch_adapter.h"
#include "websocket_adapter.h"

namespace qd::platform {

/// Where Status, Prices and Log actions go (the Embind layer forwards them to
/// JavaScript). Prices arrive as ONE call per batch, never one per message.
class FeedSink {
 public:
  virtual ~FeedSink() = default;
  virtual void onStatus(const StatusEvent& event) = 0;
  virtual void onPrices(const std::vector<Price>& batch) = 0;
  virtual void onLog(LogLevel level, const std::string& text) = 0;
};

class Feed : private WebSocketAdapter::Listener, private FetchAdapter::Listener {
 public:
  /// `sink` must outlive the feed. The jitter is seeded from crypto.
  Feed(FeedOptions options, FeedSink& sink);
  ~Feed() override;
  Feed(const Feed&) = delete;
  Feed& operator=(const Feed&) = delete;

  // Commands (JS API and page events).
  void connect();
  void disconnect();
  void retryNow();
  void credentialsChanged();
  Subscription::Change subscribeSymbols(const std::vector<std::string>& symbols);
  Subscription::Change unsubscribeSymbols(const std::vector<std::string>& symbols);
  void startFallbackPolling(const std::string& url, int64_t intervalMs);
  void stopFallbackPolling();
  void online();
  void offline();
  void visibility(bool visible);

  /// Stops everything for good: sockets closed and deleted, polls orphaned,
  /// the timer cleared, and no sink call ever again. Safe from inside a sink
  /// callback and safe twice; the destructor calls it.
  void shutdown();

  const FeedController& controller() const { return controller_; }
  int64_t now() const;
  size_t liveSockets() const { return sockets_.liveSockets(); }
  size_t pollsInFlight() const { return polls_.inFlight(); }

 private:
  /// Hands one event to the controller with the current time, then performs
  /// what it asked for.
  template <class Event>
  void run(Event&& event) {
    if (shutDown_) return;
    const Instant t = readClock();
    controller_.setWallClockOffset(t.wallOffset);
    event(t.now);
    pump();
  }
  void pump();
  void perform(const Action& action);
  static void onTimer(void* self);

  // WebSocketAdapter::Listener
  void onSocketOpen(SocketId id) override;
  void onSocketMessage(SocketId id, std::string_view text) override;
  void onSocketOversized(SocketId id, int64_t bytes) override;
  void onSocketError(SocketId id) override;
  void onSocketClose(SocketId id, int code, const std::string& reason) override;
  // FetchAdapter::Listener
  void onPollResult(PollId id, const PollResult& result) override;

  FeedSink& sink_;
  SeededRandom random_;  // before controller_, which keeps a reference
  FeedController controller_;
  WebSocketAdapter sockets_;
  FetchAdapter polls_;
  DeadlineTimer timer_;
  bool pumping_ = false;
  bool shutDown_ = false;
};

}  // namespace qd::platform
