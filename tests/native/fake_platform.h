#pragma once
// Plays the platform adapter in virtual time: runs the controller's timer at
// each nextDeadline(), delivers scheduled platform events in time order,
// records every Action with the time it was emitted, and hands OpenSocket /
// SendText / StartPoll to hooks a scripted server (fake_server.h) fills in.
#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <map>
#include <queue>
#include <set>
#include <string>
#include <vector>

#include "feed_controller.h"
#include "random_source.h"

namespace qd::test {

/// A random source that always returns `value`: 0 with jitter 0.2 gives the
/// exact nominal schedule too, 0.999... gives the low end.
class FixedRandom : public RandomSource {
 public:
  explicit FixedRandom(double value = 0) : value_(value) {}
  double next() override { return value_; }

 private:
  double value_;
};

/// Options with jitter 0: every delay is the nominal schedule exactly.
inline FeedOptions exactOptions() {
  FeedOptions o;
  o.backoff.jitter = 0;
  o.wsUrl = "ws://test/ws";
  o.pollUrl = "http://test/api/oracle/prices";
  return o;
}

struct Recorded {
  int64_t at;
  Action action;
};

class FakePlatform {
 public:
  explicit FakePlatform(FeedController& feed) : feed_(feed) {}

  // ---- hooks for the scripted server (all optional) ----
  std::function<void(SocketId, const std::string& url)> onOpenSocket;
  std::function<void(SocketId, const std::string& text)> onSend;
  std::function<void(SocketId, int code)> onEngineClose;
  std::function<void(PollId, const std::string& url)> onStartPoll;
  /// A real adapter drops completions of abandoned polls; the fake delivers
  /// them anyway by default so tests prove the engine ignores them too.
  bool deliverAbandonedPolls = true;

  int64_t now() const { return now_; }
  FeedController& feed() { return feed_; }

  /// Schedules a platform event at absolute time `t` (FIFO among equal times).
  void at(int64_t t, std::function<void()> fn) {
    queue_.push(Event{t < now_ ? now_ : t, seq_++, std::move(fn)});
  }
  void after(int64_t delay, std::function<void()> fn) { at(now_ + delay, std::move(fn)); }

  /// Calls a controller method at the current time, then drains its actions.
  void call(const std::function<void(FeedController&, int64_t)>& fn) {
    fn(feed_, now_);
    drain();
  }

  // ---- platform events, delivered now ----
  void socketOpen(SocketId id) { call([id](FeedController& f, int64_t t) { f.onSocketOpen(t, id); }); }
  void socketMessage(SocketId id, const std::string& text) {
    call([&](FeedController& f, int64_t t) { f.onSocketMessage(t, id, text); });
  }
  void socketError(SocketId id) { call([id](FeedController& f, int64_t t) { f.onSocketError(t, id); }); }
  void socketClose(SocketId id, int code) {
    call([id, code](FeedController& f, int64_t t) { f.onSocketClose(t, id, code, ""); });
  }
  void pollResult(PollId id, const PollResult& r) {
    if (!deliverAbandonedPolls && abandoned_.count(id)) return;
    call([&](FeedController& f, int64_t t) { f.onPollResult(t, id, r); });
  }

  /// Runs events and controller deadlines in time order up to and including
  /// `t`; at equal times, platform events go first (they already happened).
  void runUntil(int64_t t) {
    for (int guard = 0; guard < 10000000; ++guard) {
      const int64_t ev = queue_.empty() ? -1 : queue_.top().at;
      const int64_t dl = feed_.nextDeadline();
      int64_t next = ev;
      if (dl >= 0 && (next < 0 || dl < next)) next = dl;
      if (next < 0 || next > t) break;
      if (next > now_) now_ = next;
      if (ev >= 0 && ev <= now_) {
        Event e = queue_.top();
        queue_.pop();
        e.fn();
      } else {
        feed_.advance(now_);
        drain();
        if (feed_.nextDeadline() >= 0 && feed_.nextDeadline() <= now_) {
          ADD_FAILURE() << "deadline " << feed_.nextDeadline() << " still due after advance("
                        << now_ << ")";
          return;
        }
      }
    }
    if (t > now_) now_ = t;
  }

  // ---- what happened ----
  const std::vector<Recorded>& recorded() const { return recorded_; }

  std::vector<Recorded> of(Action::Kind k, int64_t from = INT64_MIN,
                           int64_t to = INT64_MAX) const {
    std::vector<Recorded> out;
    for (const auto& r : recorded_) {
      if (r.action.kind == k && r.at >= from && r.at <= to) out.push_back(r);
    }
    return out;
  }
  std::vector<int64_t> timesOf(Action::Kind k, int64_t from = INT64_MIN,
                               int64_t to = INT64_MAX) const {
    std::vector<int64_t> out;
    for (const auto& r : of(k, from, to)) out.push_back(r.at);
    return out;
  }
  size_t count(Action::Kind k, int64_t from = INT64_MIN, int64_t to = INT64_MAX) const {
    return of(k, from, to).size();
  }
  std::vector<StatusEvent> statuses() const {
    std::vector<StatusEvent> out;
    for (const auto& r : of(Action::Kind::Status)) out.push_back(r.action.status);
    return out;
  }
  /// "connecting>polling(ws_unreachable)@0" per status event, for compact asserts.
  std::vector<std::string> transitions() const {
    std::vector<std::string> out;
    for (const auto& s : statuses()) {
      out.push_back(std::string(toString(s.previous)) + ">" + toString(s.state) + "(" + s.reason +
                    ")@" + std::to_string(s.at));
    }
    return out;
  }
  std::vector<std::string> logLines() const {
    std::vector<std::string> out;
    for (const auto& r : of(Action::Kind::Log)) out.push_back(r.action.text);
    return out;
  }
  /// Every batch taken on an Action::Prices, in order.
  const std::vector<std::vector<Price>>& batches() const { return batches_; }
  bool abandoned(PollId id) const { return abandoned_.count(id) > 0; }
  bool closedByEngine(SocketId id) const { return engineClosed_.count(id) > 0; }

 private:
  struct Event {
    int64_t at;
    uint64_t seq;
    std::function<void()> fn;
  };
  struct Later {
    bool operator()(const Event& a, const Event& b) const {
      return a.at != b.at ? a.at > b.at : a.seq > b.seq;
    }
  };

  void drain() {
    for (Action& a : feed_.takeActions()) {
      recorded_.push_back(Recorded{now_, a});
      switch (a.kind) {
        case Action::Kind::OpenSocket:
          if (onOpenSocket) onOpenSocket(a.id, a.url);
          break;
        case Action::Kind::SendText:
          if (onSend) onSend(a.id, a.text);
          break;
        case Action::Kind::CloseSocket:
          engineClosed_.insert(a.id);
          if (onEngineClose) onEngineClose(a.id, a.code);
          break;
        case Action::Kind::StartPoll:
          if (onStartPoll) onStartPoll(a.id, a.url);
          break;
        case Action::Kind::AbandonPoll:
          abandoned_.insert(a.id);
          break;
        case Action::Kind::Prices:
          batches_.push_back(feed_.takeBatch());
          break;
        default:
          break;
      }
    }
  }

  FeedController& feed_;
  int64_t now_ = 0;
  uint64_t seq_ = 0;
  std::priority_queue<Event, std::vector<Event>, Later> queue_;
  std::vector<Recorded> recorded_;
  std::vector<std::vector<Price>> batches_;
  std::set<PollId> abandoned_;
  std::set<SocketId> engineClosed_;
};

}  // namespace qd::test
