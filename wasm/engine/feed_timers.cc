// FeedController time: deadlines, firing them one at a time, price batches.
#include "feed_controller_impl.h"

namespace qd {

void FeedController::Impl::applyPrices(int64_t now, const std::vector<Price>& prices, Source source) {
  for (Price p : prices) {
    p.source = source;
    if (book.apply(p, now, counters.dropped) == ApplyResult::Applied) ++counters.updatesApplied;
  }
  counters.seqResets = book.seqResets();
}

// Hands the UI one batch per flush interval at most.
// A due batch also goes out on the next event, not only on the timer: a
// saturated socket can starve the platform's timer for many intervals.
void FeedController::Impl::scheduleFlush(int64_t now) {
  if (!book.hasChanges()) return;
  if (flushAt < 0) flushAt = std::max(now, lastFlushAt + opt.flushIntervalMs);
  if (flushAt <= now) flush(now);
}

void FeedController::Impl::flush(int64_t now) {
  flushAt = kNever;
  if (!book.hasChanges()) return;
  lastFlushAt = now;
  ++counters.batches;
  push(Action::Kind::Prices);
}

int64_t FeedController::Impl::connectDeadline() const {
  return phase == Phase::Opening ? sockStartedAt + opt.connectTimeoutMs : kNever;
}

int64_t FeedController::Impl::heartbeatDeadline() const {
  return phase == Phase::Open ? lastMessageAt + opt.heartbeatTimeoutMs : kNever;
}

int64_t FeedController::Impl::healthyDeadline() const {
  return phase == Phase::Open && snapshotSeen && !healthy ? sockOpenedAt + opt.healthyAfterMs
                                                          : kNever;
}

int64_t FeedController::Impl::pollTimeoutDeadline() const {
  return poll != 0 ? pollStartedAt + opt.pollTimeoutMs : kNever;
}

int64_t FeedController::Impl::nextDeadline() const {
  if (!started) return kNever;
  int64_t t = kNever;
  for (int64_t d : {connectDeadline(), heartbeatDeadline(), healthyDeadline(), wsRetryAt,
                    authRetryAt, fallbackAt, polling ? nextPollAt : kNever,
                    pollTimeoutDeadline(), flushAt, book.nextStaleDeadline(opt.staleAfterMs),
                    logs.nextDeadline()}) {
    t = earliest(t, d);
  }
  return t;
}

// Fires at most one due timer; returns false when none was due.
bool FeedController::Impl::fireOne(int64_t now) {
  auto due = [now](int64_t d) { return d >= 0 && d <= now; };
  if (due(healthyDeadline())) {
    markHealthy(now);
  } else if (due(connectDeadline())) {
    socketGone(now, Reason::WsConnectTimeout, 0, kCloseConnectTimeout);
  } else if (due(heartbeatDeadline())) {
    socketGone(now, Reason::HeartbeatTimeout, 0, kCloseHeartbeat);
  } else if (due(pollTimeoutDeadline())) {
    push(Action::Kind::AbandonPoll, poll);
    poll = 0;
    pollAuthRefused = false;  // the latest poll answered nothing, refused nothing
    pollFailed(now, Reason::PollTimeout,
               "no answer within " + seconds(opt.pollTimeoutMs) + ", abandoned", -1);
  } else if (due(authRetryAt)) {
    authRetryAt = kNever;
    clearAuthBlock();
    logs.print(LogLevel::Info, "price feed: retrying the WebSocket after an auth refusal",
               actions);
    openSocket(now);
    if (!polling && fallbackAt < 0 && !pollUrl.empty()) fallbackAt = now + opt.fallbackAfterMs;
    reconcile(now, Reason::AuthRetry);
  } else if (due(wsRetryAt)) {
    wsRetryAt = kNever;
    openSocket(now);
  } else if (due(fallbackAt)) {
    fallbackAt = kNever;
    if (!snapshotSeen) {
      if (phase != Phase::None) wsReason = Reason::NoData;
      engagePolling(now);
      reconcile(now, Reason::NoData);
    }
  } else if (polling && due(nextPollAt)) {
    startPoll(now);
  } else if (due(flushAt)) {
    flush(now);
  } else if (due(book.nextStaleDeadline(opt.staleAfterMs))) {
    book.markStale(now, opt.staleAfterMs);
  } else if (due(logs.nextDeadline())) {
    logs.advance(now, actions);
  } else {
    return false;
  }
  return true;
}

}  // namespace qd
