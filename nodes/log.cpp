#include "nodes/log.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <cstdarg>
#include <cstdio>
#include <memory>
#include <mutex>
#include <stdexcept>

namespace ngn::log {

namespace {

std::atomic<int> current{static_cast<int>(level::info)};
std::mutex mtx;  // guards logger replacement only

spdlog::level::level_enum to_spd(level l) noexcept {
  switch (l) {
    case level::trace: return spdlog::level::trace;
    case level::debug: return spdlog::level::debug;
    case level::info: return spdlog::level::info;
    case level::warn: return spdlog::level::warn;
    case level::error: return spdlog::level::err;
    case level::off: break;
  }
  return spdlog::level::off;
}

std::shared_ptr<spdlog::logger> make(const std::string& file, const std::string& name) {
  spdlog::sink_ptr sink;
  if (file.empty())
    sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  else
    sink = std::make_shared<spdlog::sinks::basic_file_sink_mt>(file, false);
  auto lg = std::make_shared<spdlog::logger>(name, std::move(sink));
  // 2026-12-06T08:40:01.123456Z info  node-a: message (UTC: nodes on several hosts compare).
  lg->set_formatter(std::make_unique<spdlog::pattern_formatter>(
    "%Y-%m-%dT%H:%M:%S.%fZ %-5l %n: %v", spdlog::pattern_time_type::utc));
  lg->set_level(spdlog::level::trace);  // the atomic `current` filters
  lg->flush_on(spdlog::level::warn);
  return lg;
}

std::shared_ptr<spdlog::logger>& logger() {
  static std::shared_ptr<spdlog::logger> lg = make("", "ngnemu");
  return lg;
}

std::shared_ptr<spdlog::logger> get() {
  std::lock_guard lock{mtx};
  return logger();
}

} // namespace

std::optional<level> parse_level(std::string_view s) noexcept {
  if (s == "trace") return level::trace;
  if (s == "debug") return level::debug;
  if (s == "info") return level::info;
  if (s == "warn" || s == "warning") return level::warn;
  if (s == "error") return level::error;
  if (s == "off") return level::off;
  return std::nullopt;
}

std::string_view to_string(level l) noexcept {
  switch (l) {
    case level::trace: return "trace";
    case level::debug: return "debug";
    case level::info: return "info";
    case level::warn: return "warn";
    case level::error: return "error";
    case level::off: break;
  }
  return "off";
}

void configure(level l, const std::string& file, const std::string& name) {
  // spdlog would create missing directories; a path that does not exist is the user's typo, as
  // for --stats and --pcap: say so instead.
  if (!file.empty()) {
    std::FILE* f = std::fopen(file.c_str(), "a");
    if (f == nullptr) throw std::runtime_error("--log-file " + file + ": " + std::strerror(errno));
    std::fclose(f);
  }
  std::shared_ptr<spdlog::logger> lg;
  try {
    lg = make(file, name.empty() ? "ngnemu" : name);
  } catch (const spdlog::spdlog_ex& e) {
    throw std::runtime_error("--log-file " + file + ": " + e.what());
  }
  {
    std::lock_guard lock{mtx};
    logger() = std::move(lg);
  }
  current.store(static_cast<int>(l), std::memory_order_relaxed);
}

bool enabled(level l) noexcept {
  return l != level::off && static_cast<int>(l) >= current.load(std::memory_order_relaxed);
}

void write(level l, std::string_view message) {
  if (!enabled(l)) return;
  get()->log(to_spd(l), "{}", message);
}

void logf(level l, const char* fmt, ...) {
  if (!enabled(l)) return;
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  std::vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  get()->log(to_spd(l), "{}", std::string_view{buf});
}

void flush() { get()->flush(); }

} // namespace ngn::log
