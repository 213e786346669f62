// The engine in virtual time, with a scripted platform, for two numbers that
// need hours or minutes of clock: memory after one hour at 1,000 updates/s,
// and what the engine prints and attempts during a 10-minute outage.
// Usage: engine_sim hour [seconds] [updates_per_s]
//        | engine_sim outage [seconds] [refused|flapping|no-snapshot|silent|hung] [rest-up|rest-down]
//        | engine_sim parse [frames] [updates_per_frame]
// Prints one JSON object.
#include <malloc.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "feed_controller.h"
#include "protocol.h"

namespace {

using qd::Action;

/// The reference backend's 12 symbols (web/server/src/symbols.js).
const char* kSymbols[] = {"BTC", "ETH", "SOL", "ADA", "DOT", "LINK", "JUP", "RAY", "JTO", "WIF", "BONK", "PYTH"};
constexpr int kSymbolCount = 12;

size_t heapInUse() { return mallinfo2().uordblks; }
long maxRssKb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

/// How the server misbehaves during an outage (contract 2 "console": a
/// 10-minute outage of any shape prints at most 12 lines).
enum class Shape {
  Healthy,     ///< snapshot on subscribe, stays open
  Refused,     ///< every connection refused
  Flapping,    ///< accepts, sends the snapshot, drops at once
  NoSnapshot,  ///< accepts and beats, never answers the subscribe
  Silent,      ///< sends the snapshot, then nothing
  Hung,        ///< the handshake never completes
};

/// A scripted platform: sockets behave as `shape` says, polls fail at once
/// when `restDown`, and the server answers a subscribe with a snapshot.
/// Counts what the engine asked for.
struct Platform {
  qd::FeedController& c;
  Shape shape = Shape::Healthy;
  bool restDown = false;
  int openSocket = -1;
  long opens = 0, polls = 0, logs = 0, statuses = 0, batches = 0, batchPrices = 0;
  std::vector<std::string> firstLogs;

  void drain(int64_t now) {
    for (;;) {
      auto acts = c.takeActions();
      if (acts.empty()) return;
      for (const Action& a : acts) handle(now, a);
    }
  }
  void handle(int64_t now, const Action& a) {
    switch (a.kind) {
      case Action::Kind::OpenSocket:
        opens++;
        if (shape == Shape::Refused) {
          c.onSocketError(now, a.id);
          c.onSocketClose(now, a.id, 1006, "");
        } else if (shape != Shape::Hung) {
          openSocket = a.id;
          c.onSocketOpen(now, a.id);
        }
        break;
      case Action::Kind::SendText:
        if (a.text.find("subscribe") != std::string::npos && a.text.find("unsubscribe") == std::string::npos &&
            shape != Shape::NoSnapshot) {
          c.onSocketMessage(now, a.id, snapshot(now));
          if (shape == Shape::Flapping) {
            openSocket = -1;
            c.onSocketClose(now, a.id, 1006, "");
          }
        }
        break;
      case Action::Kind::CloseSocket:
        if (a.id == openSocket) openSocket = -1;
        break;
      case Action::Kind::StartPoll:
        polls++;
        if (restDown) c.onPollResult(now, a.id, qd::PollResult{0, "", -1});
        else c.onPollResult(now, a.id, qd::PollResult{200, restBody(now), -1});
        break;
      case Action::Kind::Log:
        logs++;
        if (firstLogs.size() < 3) firstLogs.push_back(a.text);
        break;
      case Action::Kind::Status: statuses++; break;
      case Action::Kind::Prices: {
        auto b = c.takeBatch();
        batches++;
        batchPrices += static_cast<long>(b.size());
        break;
      }
      default: break;
    }
  }

  std::vector<long> seq = std::vector<long>(kSymbolCount, 0);
  std::vector<double> px = std::vector<double>(kSymbolCount, 100.0);
  std::string entry(int i, int64_t now) {
    char buf[160];
    px[i] *= (seq[i] % 2 ? 1.0001 : 0.9999);
    std::snprintf(buf, sizeof buf, R"({"symbol":"%s","price":%.8g,"confidence":%.4g,"publishTime":%lld,"seq":%ld})",
                  kSymbols[i], px[i], px[i] * 0.0002, static_cast<long long>(now), ++seq[i]);
    return buf;
  }
  std::string snapshot(int64_t now) {
    std::string s = R"({"type":"snapshot","channel":"market_data","data":[)";
    for (int i = 0; i < kSymbolCount; i++) s += (i ? "," : "") + entry(i, now);
    return s + R"(],"timestamp":)" + std::to_string(now) + "}";
  }
  std::string update(int64_t now, int n, int& next) {
    std::string s = R"({"type":"market_data_update","data":[)";
    for (int k = 0; k < n; k++) s += (k ? "," : "") + entry(next++ % kSymbolCount, now);
    return s + R"(],"timestamp":)" + std::to_string(now) + "}";
  }
  std::string restBody(int64_t now) {
    std::string s = R"({"success":true,"data":{)";
    for (int i = 0; i < kSymbolCount; i++) s += (i ? ",\"" : "\"") + std::string(kSymbols[i]) + "\":" + std::to_string(px[i]);
    return s + R"(},"timestamp":)" + std::to_string(now) + R"(,"source":"simulated"})";
  }
};

/// Fires the engine's timers up to `to`, in order, draining after each.
void advanceTo(qd::FeedController& c, Platform& p, int64_t to) {
  for (;;) {
    int64_t d = c.nextDeadline();
    if (d < 0 || d > to) break;
    c.advance(d);
    p.drain(d);
  }
}

constexpr int64_t kStart = 1'730'000'000'000;  // a fixed epoch: exact replays

int hour(int seconds, int rate) {
  qd::SeededRandom rnd(1);
  qd::FeedController c(qd::FeedOptions{}, rnd);
  Platform p{c};
  const size_t heap0 = heapInUse();
  int64_t now = kStart;
  c.connect(now);
  p.drain(now);
  // The backend's batching: one frame per 100 ms tick, a heartbeat every 5 s.
  const int perTick = rate / 10;
  int next = 0;
  size_t heapAfterMinute = 0;
  long frames = 0;
  const auto t0 = std::chrono::steady_clock::now();
  for (int64_t tick = 1; tick <= int64_t(seconds) * 10; tick++) {
    const int64_t at = kStart + tick * 100;
    advanceTo(c, p, at);
    now = at;
    if (p.openSocket >= 0) {
      c.onSocketMessage(now, p.openSocket, p.update(now, perTick, next));
      frames++;
      if (tick % 50 == 0) c.onSocketMessage(now, p.openSocket, R"({"type":"heartbeat","timestamp":)" + std::to_string(now) + "}");
    }
    p.drain(now);
    if (tick == 600) heapAfterMinute = heapInUse();
  }
  const double cpuS = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const auto& k = c.counters();
  std::printf(
      "{\"mode\":\"hour\",\"simulatedS\":%d,\"rate\":%d,\"frames\":%ld,\"updatesApplied\":%lld,\"batches\":%ld,"
      "\"state\":\"%s\",\"heapStartBytes\":%zu,\"heapAfterMinuteBytes\":%zu,\"heapEndBytes\":%zu,\"maxRssKb\":%ld,"
      "\"wallS\":%.3f,\"updatesPerS\":%.0f}\n",
      seconds, rate, frames, static_cast<long long>(k.updatesApplied), p.batches, qd::toString(c.state()), heap0,
      heapAfterMinute, heapInUse(), maxRssKb(), cpuS, k.updatesApplied / cpuS);
  return 0;
}

Shape shapeNamed(const std::string& name) {
  if (name == "flapping") return Shape::Flapping;
  if (name == "no-snapshot") return Shape::NoSnapshot;
  if (name == "silent") return Shape::Silent;
  if (name == "hung") return Shape::Hung;
  return Shape::Refused;
}

/// A minute of healthy streaming, then `seconds` of an outage of `shapeName`
/// (REST down too unless `restUp`): what the engine prints and attempts.
/// The server beats every 5 s on any socket it keeps open.
int outage(int seconds, const std::string& shapeName, bool restUp) {
  qd::SeededRandom rnd(1);
  qd::FeedController c(qd::FeedOptions{}, rnd);
  Platform p{c};
  int64_t now = kStart;
  c.connect(now);
  p.drain(now);
  int next = 0;
  // A minute of healthy streaming first, so the backoff starts from Live.
  for (int64_t tick = 1; tick <= 600; tick++) {
    now = kStart + tick * 100;
    advanceTo(c, p, now);
    c.onSocketMessage(now, p.openSocket, p.update(now, 2, next));
    if (tick % 50 == 0) c.onSocketMessage(now, p.openSocket, R"({"type":"heartbeat","timestamp":1})");
    p.drain(now);
  }
  const long opens0 = p.opens, polls0 = p.polls, logs0 = p.logs, statuses0 = p.statuses;
  p.firstLogs.clear();
  // The server goes away: the socket closes abnormally, then every new one
  // meets the outage's shape.
  p.shape = shapeNamed(shapeName);
  p.restDown = !restUp;
  const int64_t fault = now;
  c.onSocketClose(now, p.openSocket, 1006, "");
  p.openSocket = -1;
  p.drain(now);
  for (int64_t beat = fault + 5000; beat <= fault + int64_t(seconds) * 1000; beat += 5000) {
    advanceTo(c, p, beat);
    if (p.openSocket >= 0 && p.shape != Shape::Silent) {
      c.onSocketMessage(beat, p.openSocket, R"({"type":"heartbeat","timestamp":1})");
      p.drain(beat);
    }
  }
  advanceTo(c, p, fault + int64_t(seconds) * 1000);
  std::string lines;
  for (auto& l : p.firstLogs) {
    std::string e;
    for (char ch : l) e += (ch == '"' || ch == '\\') ? std::string("\\") + ch : std::string(1, ch);
    lines += (lines.empty() ? "\"" : ",\"") + e + "\"";
  }
  std::printf(
      "{\"mode\":\"outage\",\"shape\":\"%s\",\"restUp\":%s,\"outageS\":%d,\"logLines\":%ld,\"wsAttempts\":%ld,"
      "\"polls\":%ld,\"stateChanges\":%ld,\"state\":\"%s\",\"logsSuppressed\":%lld,\"firstLines\":[%s]}\n",
      shapeName.c_str(), restUp ? "true" : "false", seconds, p.logs - logs0, p.opens - opens0, p.polls - polls0,
      p.statuses - statuses0, qd::toString(c.state()), static_cast<long long>(c.counters().logsSuppressed),
      lines.c_str());
  return 0;
}

/// Splits the engine's cost per frame: JSON parse alone (protocol.cc,
/// nlohmann DOM) against the whole onSocketMessage path (parse + book +
/// batch), on the same frames. `perFrame` updates per frame.
int parse(int frames, int perFrame) {
  qd::SeededRandom rnd(1);
  qd::FeedController c(qd::FeedOptions{}, rnd);
  Platform p{c};
  int next = 0;
  std::vector<std::string> fs;
  for (int i = 0; i < frames; i++) fs.push_back(p.update(kStart + i, perFrame, next));
  qd::DropCounts drops;
  auto t0 = std::chrono::steady_clock::now();
  size_t n = 0;
  for (auto& f : fs) n += qd::parseFrame(f, 1 << 20, drops).prices.size();
  const double parseS = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  c.connect(kStart);
  p.drain(kStart);
  t0 = std::chrono::steady_clock::now();
  int64_t now = kStart;
  for (auto& f : fs) {
    c.onSocketMessage(++now, p.openSocket, f);
    p.drain(now);
  }
  const double fullS = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("{\"mode\":\"parse\",\"frames\":%d,\"perFrame\":%d,\"parsedUpdates\":%zu,\"parseUsPerUpdate\":%.3f,\"fullUsPerUpdate\":%.3f,\"parseShare\":%.3f}\n",
              frames, perFrame, n, parseS * 1e6 / n, fullS * 1e6 / n, parseS / fullS);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "hour") return hour(argc > 2 ? std::atoi(argv[2]) : 3600, argc > 3 ? std::atoi(argv[3]) : 1000);
  if (mode == "parse") return parse(argc > 2 ? std::atoi(argv[2]) : 20000, argc > 3 ? std::atoi(argv[3]) : 1);
  if (mode == "outage") {
    return outage(argc > 2 ? std::atoi(argv[2]) : 600, argc > 3 ? argv[3] : "refused",
                  argc > 4 && std::string(argv[4]) == "rest-up");
  }
  std::fprintf(stderr,
               "usage: engine_sim hour [seconds] [updates_per_s] | engine_sim outage [seconds] "
               "[refused|flapping|no-snapshot|silent|hung] [rest-up|rest-down]\n");
  return 2;
}
