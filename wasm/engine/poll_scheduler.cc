// FeedController fallback polling: engage, schedule, back off, recover,
// stop (docs/engine.md).
#include "feed_controller_impl.h"

namespace qd {

void FeedController::Impl::engagePolling(int64_t now) {
  fallbackAt = kNever;
  if (polling || pollUrl.empty() || fatal != Reason::None) return;
  polling = true;
  pollOk = false;
  pollFailures = 0;
  pollBackoff.reset();
  if (poll == 0) startPoll(now);  // the first poll is immediate
}

void FeedController::Impl::stopPolling() {
  polling = false;
  nextPollAt = kNever;
  pollFailures = 0;
  pollOk = false;
  if (poll != 0) {
    push(Action::Kind::AbandonPoll, poll);
    poll = 0;
  }
}

void FeedController::Impl::startPoll(int64_t now) {
  nextPollAt = kNever;
  poll = ++nextPollId;
  pollStartedAt = now;
  ++counters.polls;
  Action a = makeAction(Action::Kind::StartPoll);
  a.id = poll;
  a.url = pollUrl;
  actions.push_back(std::move(a));
}

void FeedController::Impl::pollNowIfIdle(int64_t now) {
  if (!polling) return;
  pollBackoff.reset();
  if (poll == 0) startPoll(now);
}

void FeedController::Impl::pollSucceeded(int64_t now, std::vector<Price>& prices) {
  if (!allSymbols) {
    prices.erase(std::remove_if(prices.begin(), prices.end(),
                                [&](const Price& p) { return symbols.count(p.symbol) == 0; }),
                 prices.end());
  }
  applyPrices(now, prices, Source::Poll);
  const bool recovered = pollFailures > 0;
  pollFailures = 0;
  pollOk = true;
  pollAuthRefused = false;
  everData = true;
  pollBackoff.reset();
  logs.reset(now, Reason::PollFailed, actions);
  logs.reset(now, Reason::PollTimeout, actions);
  logs.reset(now, Reason::PollRateLimited, actions);
  nextPollAt = now + (hidden ? opt.hiddenPollIntervalMs : pollIntervalMs);
  // Polls were failing too, so the server itself was down; it is back, so
  // the WebSocket likely is as well: try it now instead of at the next slot.
  if (recovered && phase == Phase::None) retryWsNow(now);
  reconcile(now, Reason::PollOk);
}

void FeedController::Impl::pollFailed(int64_t now, Reason why, const std::string& text, int64_t retryAfterMs) {
  ++counters.pollFailures;
  ++pollFailures;
  int64_t delay = pollBackoff.nextDelayMs();
  if (hidden) delay = std::max(delay, opt.hiddenPollIntervalMs);
  if (retryAfterMs > 0) delay = std::max(delay, retryAfterMs);
  nextPollAt = now + delay;
  logError(now, why, text);
  reconcile(now, why);
}

}  // namespace qd
