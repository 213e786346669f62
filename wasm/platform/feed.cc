#include "feed.h"

#include <utility>

#include "crypto_random.h"

namespace qd::platform {

Feed::Feed(FeedOptions options, FeedSink& sink)
    : sink_(sink),
      random_(cryptoSeed()),
      controller_(std::move(options), random_),
      sockets_(*this, controller_.options().maxMessageBytes),
      polls_(*this),
      timer_(&Feed::onTimer, this) {}

Feed::~Feed() { shutdown(); }

int64_t Feed::now() const { return readClock().now; }

void Feed::connect() { run([&](int64_t now) { controller_.connect(now); }); }
void Feed::disconnect() { run([&](int64_t now) { controller_.disconnect(now); }); }
void Feed::retryNow() { run([&](int64_t now) { controller_.retryNow(now); }); }
void Feed::credentialsChanged() { run([&](int64_t now) { controller_.credentialsChanged(now); }); }
Subscription::Change Feed::subscribeSymbols(const std::vector<std::string>& s) {
  Subscription::Change c = Subscription::Change::Unchanged;
  run([&](int64_t now) { c = controller_.subscribeSymbols(now, s); });
  return c;
}
Subscription::Change Feed::unsubscribeSymbols(const std::vector<std::string>& s) {
  Subscription::Change c = Subscription::Change::Unchanged;
  run([&](int64_t now) { c = controller_.unsubscribeSymbols(now, s); });
  return c;
}
void Feed::startFallbackPolling(const std::string& url, int64_t intervalMs) {
  run([&](int64_t now) { controller_.startFallbackPolling(now, url, intervalMs); });
}
void Feed::stopFallbackPolling() { run([&](int64_t now) { controller_.stopFallbackPolling(now); }); }
void Feed::online() { run([&](int64_t now) { controller_.onOnline(now); }); }
void Feed::offline() { run([&](int64_t now) { controller_.onOffline(now); }); }
void Feed::visibility(bool visible) { run([&](int64_t now) { controller_.onVisibility(now, visible); }); }

void Feed::onSocketOpen(SocketId id) { run([&](int64_t now) { controller_.onSocketOpen(now, id); }); }
void Feed::onSocketMessage(SocketId id, std::string_view text) {
  run([&](int64_t now) { controller_.onSocketMessage(now, id, text); });
}
void Feed::onSocketOversized(SocketId id, int64_t bytes) {
  run([&](int64_t now) { controller_.onSocketOversized(now, id, bytes); });
}
void Feed::onSocketError(SocketId id) { run([&](int64_t now) { controller_.onSocketError(now, id); }); }
void Feed::onSocketClose(SocketId id, int code, const std::string& reason) {
  run([&](int64_t now) { controller_.onSocketClose(now, id, code, reason); });
}
void Feed::onPollResult(PollId id, const PollResult& result) {
  run([&](int64_t now) { controller_.onPollResult(now, id, result); });
}

void Feed::onTimer(void* self) {
  auto* feed = static_cast<Feed*>(self);
  feed->run([feed](int64_t now) { feed->controller_.advance(now); });
}

void Feed::shutdown() {
  if (shutDown_) return;
  shutDown_ = true;
  timer_.cancel();
  sockets_.closeAll();
  polls_.abandonAll();
}

void Feed::pump() {
  // A sink callback may call back into the feed (retryNow from a status
  // handler): the inner call only feeds the controller, this loop performs.
  if (pumping_) return;
  pumping_ = true;
  for (;;) {
    std::vector<Action> actions = controller_.takeActions();
    if (actions.empty() || shutDown_) break;
    for (const Action& a : actions) {
      if (shutDown_) break;
      perform(a);
    }
  }
  pumping_ = false;
  if (shutDown_) return;
  const int64_t deadline = controller_.nextDeadline();
  if (!timer_.keeps(deadline)) timer_.arm(deadline, now());
}

void Feed::perform(const Action& a) {
  switch (a.kind) {
    case Action::Kind::OpenSocket:
      sockets_.open(a.id, a.url);
      break;
    case Action::Kind::CloseSocket:
      sockets_.close(a.id, a.code);
      break;
    case Action::Kind::SendText:
      sockets_.send(a.id, a.text);
      break;
    case Action::Kind::StartPoll:
      // The engine abandons a slow poll at pollTimeoutMs; the transport's own
      // limit only bounds how long the orphan lingers.
      polls_.start(a.id, a.url, 2 * controller_.options().pollTimeoutMs);
      break;
    case Action::Kind::AbandonPoll:
      polls_.abandon(a.id);
      break;
    case Action::Kind::Log:
      sink_.onLog(a.level, a.text);
      break;
    case Action::Kind::Status:
      sink_.onStatus(a.status);
      break;
    case Action::Kind::Prices: {
      std::vector<Price> batch = controller_.takeBatch();
      if (!batch.empty()) sink_.onPrices(batch);
      break;
    }
  }
}

}  // namespace qd::platform
