#pragma once
/// What getConnectionInfo().counters shows: socket and poll bookkeeping and
/// the drops by reason.
#include <cstdint>

#include "drops.h"

namespace qd {

struct Counters {
  int64_t wsAttempts = 0;
  int64_t wsMessages = 0;
  int64_t polls = 0;
  int64_t pollFailures = 0;
  int64_t updatesApplied = 0;
  int64_t batches = 0;
  int64_t logsSuppressed = 0;
  int64_t seqResets = 0;   ///< accepted lower seqs with newer publishTime (server restart)
  int64_t wsFailures = 0;  ///< attempts that failed + open sockets that dropped
  DropCounts dropped;      ///< by drop reason
};

}  // namespace qd
