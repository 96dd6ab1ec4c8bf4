#include "migrator/lock_retry.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <random>
#include <thread>

namespace retort::migrator {

double backoff_s(const LockRetryPolicy& policy, std::size_t retry, double unit) {
  const double exponent = static_cast<double>(std::min<std::size_t>(retry, 64) - 1);
  const double gap = std::min(policy.cap_s, policy.base_s * std::exp2(exponent));
  return gap * (0.5 + std::clamp(unit, 0.0, 1.0) / 2);
}

std::optional<double> retry_pause(const LockRetryPolicy& policy, std::size_t retry, double unit,
                                  std::optional<double> time_left_s) {
  if (retry == 0 || retry > policy.retries) return std::nullopt;
  const double pause = backoff_s(policy, retry, unit);
  if (time_left_s && pause >= *time_left_s) return std::nullopt;
  return pause;
}

std::optional<double> LockRetries::next_pause(std::size_t retry) {
  if (!random) {
    auto engine = std::make_shared<std::mt19937_64>(std::random_device{}());
    random = [engine] { return std::uniform_real_distribution<double>(0.0, 1.0)(*engine); };
  }
  std::optional<double> left;
  if (deadline) {
    left = std::chrono::duration<double>(*deadline - std::chrono::steady_clock::now()).count();
  }
  return retry_pause(policy, retry, random(), left);
}

bool pause_for(double seconds, const std::function<bool()>& should_stop) {
  using Clock = std::chrono::steady_clock;
  const auto until = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                        std::chrono::duration<double>(seconds));
  while (Clock::now() < until) {
    if (should_stop && should_stop()) return false;
    std::this_thread::sleep_for(
        std::min<Clock::duration>(std::chrono::milliseconds(50), until - Clock::now()));
  }
  return !(should_stop && should_stop());
}

}  // namespace retort::migrator
