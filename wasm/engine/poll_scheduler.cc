#include "poll_scheduler.h"

#include <algorithm>

namespace qd {
namespace {

// Failing polls back off on the WebSocket's schedule from the poll interval
// on: 2, 4, 8, 15 s with the defaults, same jitter.
BackoffOptions failingPollBackoff(const FeedOptions& o, int64_t intervalMs) {
  BackoffOptions b = o.backoff;
  b.initialMs = std::max<int64_t>(1, intervalMs);
  b.maxMs = std::max(o.backoff.maxMs, b.initialMs);
  return b;
}

std::string secondsText(int64_t ms) {
  const int64_t tenths = (ms + 50) / 100;
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " s";
}

}  // namespace

PollScheduler::PollScheduler(const FeedOptions& options, RandomSource& random, std::vector<Action>& out)
    : opt_(options),
      random_(random),
      out_(out),
      url_(options.pollUrl),
      intervalMs_(options.pollIntervalMs),
      backoff_(failingPollBackoff(options, options.pollIntervalMs), random) {}

void PollScheduler::setInterval(int64_t intervalMs) {
  intervalMs_ = intervalMs;
  backoff_ = Backoff(failingPollBackoff(opt_, intervalMs), random_);
}

void PollScheduler::engage(int64_t now) {
  automatic_ = true;
  sync(now);
}

void PollScheduler::disengage() {
  automatic_ = false;
  if (!engaged()) halt();
}

void PollScheduler::abandon() {
  if (poll_ == 0) return;
  out_.push_back(makeAction(Action::Kind::AbandonPoll, poll_));
  poll_ = 0;
}

void PollScheduler::startManual(int64_t now, const std::string& url, int64_t intervalMs, bool live) {
  const bool urlChanged = !url.empty() && url != url_;
  if (!url.empty()) url_ = url;
  if (intervalMs > 0 && intervalMs != intervalMs_) setInterval(intervalMs);
  manual_ = true;
  if (!live) return;
  if (urlChanged) abandon();  // an answer from the old URL is not wanted
  if (poll_ != 0) return;
  if (nextPollAt_ < 0) {
    sync(now);
  } else {
    pollNow(now);  // already polling: the forced start polls at once
  }
}

void PollScheduler::stopManual(int64_t now) {
  if (!manual_) return;
  manual_ = false;
  const bool urlChanged = url_ != opt_.pollUrl;
  url_ = opt_.pollUrl;
  if (intervalMs_ != opt_.pollIntervalMs) setInterval(opt_.pollIntervalMs);
  if (!engaged()) {
    halt();
  } else if (urlChanged) {
    abandon();  // the automatic fallback polls its own URL, at once
    pollNow(now);
  }
}

void PollScheduler::stop() {
  automatic_ = false;
  halt();
}

void PollScheduler::resume(int64_t now) {
  if (engaged()) sync(now);
}

void PollScheduler::halt() {
  abandon();
  nextPollAt_ = -1;
  failures_ = 0;
  latest_ = Answer::None;
  refusedAuth_ = false;
  backoff_.reset();
}

// Engaged but idle (nothing in flight, nothing planned): a fresh start with
// a poll at once, Retry-After permitting.
void PollScheduler::sync(int64_t now) {
  if (!engaged() || poll_ != 0 || nextPollAt_ >= 0) return;
  failures_ = 0;
  latest_ = Answer::None;
  refusedAuth_ = false;
  backoff_.reset();
  schedule(now);
  if (nextPollAt_ <= now) start(now);
}

void PollScheduler::schedule(int64_t at) { nextPollAt_ = std::max(at, notBefore_); }

void PollScheduler::start(int64_t now) {
  nextPollAt_ = -1;
  poll_ = ++nextId_;
  startedAt_ = now;
  ++sentTotal_;
  Action a = makeAction(Action::Kind::StartPoll, poll_);
  a.url = url_;
  out_.push_back(std::move(a));
}

void PollScheduler::pollNow(int64_t now) {
  if (!engaged()) return;
  backoff_.reset();
  if (poll_ != 0) return;
  schedule(now);
  if (nextPollAt_ <= now) start(now);
}

void PollScheduler::userRetry(int64_t now) {
  notBefore_ = -1;
  pollNow(now);
}

PollScheduler::Outcome PollScheduler::failed(int64_t now, Reason why, std::string text) {
  ++failures_;
  ++failedTotal_;
  latest_ = Answer::Failed;
  int64_t delay = backoff_.nextDelayMs();
  if (hidden_) delay = std::max(delay, opt_.hiddenPollIntervalMs);
  schedule(now + delay);
  Outcome o;
  o.kind = Outcome::Kind::Failed;
  o.why = why;
  o.text = std::move(text);
  return o;
}

PollScheduler::Outcome PollScheduler::onResult(int64_t now, PollId id, const PollResult& r,
                                               DropCounts& drops) {
  if (id == 0 || id != poll_) return {};
  poll_ = 0;
  // "Both transports refused" speaks of the latest poll answer only.
  refusedAuth_ = r.status == 401 || r.status == 403;
  if (r.status >= 200 && r.status < 300) {
    RestBody body = parseRestBody(r.body, opt_.maxMessageBytes, drops);
    if (!body.ok) return failed(now, Reason::PollFailed, "unusable body (HTTP " + std::to_string(r.status) + ")");
    Outcome o;
    o.kind = Outcome::Kind::Ok;
    o.recovered = failures_ > 0;
    o.body = std::move(body);
    failures_ = 0;
    latest_ = Answer::Ok;
    notBefore_ = -1;
    backoff_.reset();
    schedule(now + (hidden_ ? opt_.hiddenPollIntervalMs : intervalMs_));
    return o;
  }
  if (refusedAuth_) {
    return failed(now, r.status == 401 ? Reason::Unauthorized : Reason::ForbiddenOrigin,
                  "poll refused (HTTP " + std::to_string(r.status) + ")");
  }
  std::string text = r.status == 0 ? std::string("network error") : "HTTP " + std::to_string(r.status);
  if ((r.status == 429 || r.status == 503) && r.retryAfterMs > 0) {
    // Honoured, capped (contract §2 v2): no poll of any kind before it ends.
    const int64_t wait = std::min(r.retryAfterMs, opt_.maxRetryAfterMs);
    notBefore_ = now + wait;
    text += ", Retry-After " + secondsText(wait);
  }
  return failed(now, r.status == 429 ? Reason::PollRateLimited : Reason::PollFailed, std::move(text));
}

int64_t PollScheduler::nextDeadline() const {
  if (poll_ != 0) return startedAt_ + opt_.pollTimeoutMs;
  return engaged() ? nextPollAt_ : -1;
}

PollScheduler::Outcome PollScheduler::fire(int64_t now) {
  if (poll_ != 0) {
    if (now < startedAt_ + opt_.pollTimeoutMs) return {};
    abandon();
    refusedAuth_ = false;  // the latest poll answered nothing, refused nothing
    return failed(now, Reason::PollTimeout, "no answer within " + secondsText(opt_.pollTimeoutMs) + ", abandoned");
  }
  if (engaged() && nextPollAt_ >= 0 && nextPollAt_ <= now) start(now);
  return {};
}

}  // namespace qd
