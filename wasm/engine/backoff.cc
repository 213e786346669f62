#include "backoff.h"

#include <algorithm>
#include <cmath>

namespace qd {
namespace {

BackoffOptions sanitise(BackoffOptions o) {
  if (o.initialMs < 1) o.initialMs = 1;
  if (o.maxMs < o.initialMs) o.maxMs = o.initialMs;
  if (!(o.multiplier >= 1.0) || !std::isfinite(o.multiplier)) o.multiplier = 1.0;
  if (!(o.jitter >= 0.0)) o.jitter = 0.0;  // also catches NaN
  if (o.jitter > 1.0) o.jitter = 1.0;
  return o;
}

}  // namespace

Backoff::Backoff(const BackoffOptions& options, RandomSource& random)
    : options_(sanitise(options)),
      random_(&random),
      nominal_(static_cast<double>(options_.initialMs)) {}

int64_t Backoff::jittered(double nominal) {
  double r = random_->next();
  if (!(r >= 0.0) || r >= 1.0) r = 0.0;  // a broken source must not break the cap
  const double factor = 1.0 - options_.jitter * r;  // in (1 - jitter, 1]
  const double cap = static_cast<double>(options_.maxMs);
  const double d = std::min(nominal * factor, cap);
  return std::max<int64_t>(0, std::llround(d));
}

int64_t Backoff::nextDelayMs() {
  const int64_t delay = jittered(nominal_);
  // Grow in double and clamp: no pow(), no integer overflow, stays at the cap.
  nominal_ = std::min(nominal_ * options_.multiplier, static_cast<double>(options_.maxMs));
  return delay;
}

int64_t Backoff::atLeastCapMs() {
  nextDelayMs();  // steps the schedule as a normal attempt would
  const int64_t cap = options_.maxMs;
  return cap + (cap - jittered(static_cast<double>(cap)));
}

void Backoff::reset() {
  nominal_ = static_cast<double>(options_.initialMs);
}

}  // namespace qd
