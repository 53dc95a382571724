#include "nodes/pcap_writer.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ngn::nodes {
namespace {

// libpcap file format (the "classic" format of tcpdump/libpcap, pcap-savefile(5)).
constexpr std::uint32_t pcap_magic_us = 0xa1b2c3d4; // microsecond timestamps
constexpr std::uint32_t snaplen = 262144;
constexpr std::uint32_t linktype_ethernet = 1;
constexpr std::size_t global_header_size = 24;
constexpr std::size_t record_header_size = 16;
constexpr std::size_t eth_size = 14, ipv4_size = 20, udp_size = 8;
constexpr std::size_t frame_overhead = record_header_size + eth_size + ipv4_size + udp_size;
constexpr std::size_t chunk_bytes = std::size_t{1} << 20; // one write(2) per MiB at most

/// Queued bytes that wake the writer before its interval: a quarter of the bound, at most 1 MiB.
/// Small batches keep the queue's hot part small (cached, no fresh pages to fault in) at the
/// price of one wake-up per MiB.
std::size_t wake_bytes(std::size_t max_buffer_bytes) {
  return std::clamp<std::size_t>(max_buffer_bytes / 4, 1, chunk_bytes);
}

// -- byte output ---------------------------------------------------------------------------------

void put_le32(unsigned char* p, std::uint32_t v) {
  p[0] = static_cast<unsigned char>(v);
  p[1] = static_cast<unsigned char>(v >> 8);
  p[2] = static_cast<unsigned char>(v >> 16);
  p[3] = static_cast<unsigned char>(v >> 24);
}
void put_le16(unsigned char* p, std::uint16_t v) {
  p[0] = static_cast<unsigned char>(v);
  p[1] = static_cast<unsigned char>(v >> 8);
}
void put_be16(unsigned char* p, std::uint16_t v) {
  p[0] = static_cast<unsigned char>(v >> 8);
  p[1] = static_cast<unsigned char>(v);
}
void put_be32(unsigned char* p, std::uint32_t v) {
  p[0] = static_cast<unsigned char>(v >> 24);
  p[1] = static_cast<unsigned char>(v >> 16);
  p[2] = static_cast<unsigned char>(v >> 8);
  p[3] = static_cast<unsigned char>(v);
}

// -- RFC 1071 Internet checksum --------------------------------------------------------------------

/// One's-complement sum of `n` bytes taken as big-endian 16-bit words (a trailing odd byte is
/// padded with zero), accumulated unfolded: summing 32-bit words is equivalent (RFC 1071 §2(B)).
std::uint64_t sum_words(const unsigned char* p, std::size_t n, std::uint64_t acc) {
  while (n >= 4) {
    acc += (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8)
           | p[3];
    p += 4;
    n -= 4;
  }
  if (n >= 2) {
    acc += (std::uint32_t{p[0]} << 8) | p[1];
    p += 2;
    n -= 2;
  }
  if (n == 1) acc += std::uint32_t{p[0]} << 8;
  return acc;
}

std::uint16_t fold(std::uint64_t acc) {
  while (acc >> 16) acc = (acc & 0xffff) + (acc >> 16);
  return static_cast<std::uint16_t>(~acc & 0xffff);
}

// -- the queued record ---------------------------------------------------------------------------

struct record_header {
  std::int64_t ts;
  std::uint32_t src_ip, dst_ip;
  std::uint16_t src_port, dst_port;
  std::uint32_t len;  ///< payload bytes, | esp_flag for an ESP packet (no UDP header)
};
/// Marks a queued ESP packet: IP protocol 50, the payload right after the IPv4 header.
constexpr std::uint32_t esp_flag = 0x80000000u;
constexpr std::uint8_t ip_proto_udp = 17, ip_proto_esp = 50;
static_assert(sizeof(record_header) == pcap_writer::record_overhead, "queued record layout");

/// A locally administered MAC per IPv4 address (02:00:a.b.c.d), so every element has its own.
void put_mac(unsigned char* p, std::uint32_t ip) {
  p[0] = 0x02;
  p[1] = 0x00;
  put_be32(p + 2, ip);
}

/// Appends one pcap record: Ethernet II / IPv4 (RFC 791 §3.1: IHL 5, DF, TTL 64, UDP or ESP) /
/// UDP (RFC 768, checksum over the pseudo header) / payload, or for ESP (RFC 4303, IP protocol
/// 50) the ESP packet right after the IPv4 header.
void append_frame(std::vector<unsigned char>& out, std::int64_t ts, record_header h,
                  const char* payload, std::uint16_t ip_id) {
  const bool esp = (h.len & esp_flag) != 0;
  h.len &= ~esp_flag;
  const std::size_t transport = esp ? 0 : udp_size;
  const std::size_t at = out.size();
  const std::size_t frame = eth_size + ipv4_size + transport + h.len;
  out.resize(at + record_header_size + frame - h.len);
  unsigned char* p = out.data() + at;
  const auto us = ts < 0 ? std::uint64_t{0} : static_cast<std::uint64_t>(ts);
  put_le32(p, static_cast<std::uint32_t>(us / 1000000));
  put_le32(p + 4, static_cast<std::uint32_t>(us % 1000000));
  put_le32(p + 8, static_cast<std::uint32_t>(frame));
  put_le32(p + 12, static_cast<std::uint32_t>(frame));
  p += record_header_size;

  put_mac(p, h.dst_ip);
  put_mac(p + 6, h.src_ip);
  put_be16(p + 12, 0x0800); // IPv4
  p += eth_size;

  const auto udp_len = static_cast<std::uint16_t>(transport + h.len);
  p[0] = 0x45; // version 4, IHL 5
  p[1] = 0x00;
  put_be16(p + 2, static_cast<std::uint16_t>(ipv4_size + udp_len));
  put_be16(p + 4, ip_id);
  put_be16(p + 6, 0x4000); // DF, fragment offset 0
  p[8] = 64;               // TTL
  p[9] = esp ? ip_proto_esp : ip_proto_udp;
  put_be16(p + 10, 0);
  put_be32(p + 12, h.src_ip);
  put_be32(p + 16, h.dst_ip);
  put_be16(p + 10, fold(sum_words(p, ipv4_size, 0)));
  const auto* body = reinterpret_cast<const unsigned char*>(payload);
  if (esp) {
    out.insert(out.end(), body, body + h.len);
    return;
  }

  unsigned char* u = p + ipv4_size;
  put_be16(u, h.src_port);
  put_be16(u + 2, h.dst_port);
  put_be16(u + 4, udp_len);
  put_be16(u + 6, 0);
  // RFC 768: pseudo header = source, destination, zero, protocol, UDP length.
  std::uint64_t acc = std::uint64_t{h.src_ip >> 16} + (h.src_ip & 0xffff) + (h.dst_ip >> 16)
                      + (h.dst_ip & 0xffff) + 17 + udp_len;
  acc = sum_words(u, udp_size, acc);
  acc = sum_words(body, h.len, acc);
  const std::uint16_t sum = fold(acc);
  put_be16(u + 6, sum == 0 ? 0xffff : sum); // RFC 768: a computed zero is sent as all ones
  out.insert(out.end(), body, body + h.len);
}

// strerror_r comes in a GNU and a POSIX flavour; both are thread-safe, unlike strerror.
[[maybe_unused]] std::string error_text(int r, const char* buf) { return r == 0 ? buf : "?"; }
[[maybe_unused]] std::string error_text(const char* s, const char*) { return s; }
std::string describe(int err) {
  char buf[128] = {};
  return error_text(strerror_r(err, buf, sizeof buf), buf);
}

const char* reason(int err) {
  switch (err) {
    case ENOSPC: return "disk full";
    case EDQUOT: return "disk quota exceeded";
    case EFBIG: return "file too large";
    case EPIPE: return "reader closed the pipe";
    case EIO: return "I/O error";
    default: return "write failed";
  }
}

} // namespace

pcap_writer::pcap_writer(std::string path, options opt) : path_(std::move(path)), opt_(opt) {
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_ < 0) {
    const int err = errno;
    throw std::runtime_error("cannot create trace file " + path_ + ": " + describe(err));
  }
  struct stat st {};
  regular_file_ = ::fstat(fd_, &st) == 0 && S_ISREG(st.st_mode);
  try {
    // Untouched pages of these are not resident: the bound, not the reservation, costs memory.
    pending_.reset(new char[opt_.max_buffer_bytes]);
    batch_.reset(new char[opt_.max_buffer_bytes]);
    out_.reserve(chunk_bytes + frame_overhead + max_payload);
    out_.resize(global_header_size);
    put_le32(out_.data(), pcap_magic_us);
    put_le16(out_.data() + 4, 2); // version 2.4
    put_le16(out_.data() + 6, 4);
    put_le32(out_.data() + 8, 0);  // thiszone: timestamps are UTC
    put_le32(out_.data() + 12, 0); // sigfigs
    put_le32(out_.data() + 16, snaplen);
    put_le32(out_.data() + 20, linktype_ethernet);
    thread_ = std::thread([this] { run(); });
  } catch (...) {
    ::close(fd_);
    throw;
  }
}

pcap_writer::~pcap_writer() { close(); }

bool pcap_writer::write(std::int64_t unix_micros, std::uint32_t src_ip, std::uint16_t src_port,
                        std::uint32_t dst_ip, std::uint16_t dst_port, std::string_view head,
                        std::string_view body) {
  return enqueue(unix_micros, src_ip, src_port, dst_ip, dst_port, head, body, false);
}

bool pcap_writer::write_esp(std::int64_t unix_micros, std::uint32_t src_ip, std::uint32_t dst_ip,
                            std::string_view packet) {
  return enqueue(unix_micros, src_ip, 0, dst_ip, 0, {}, packet, true);
}

bool pcap_writer::enqueue(std::int64_t unix_micros, std::uint32_t src_ip, std::uint16_t src_port,
                          std::uint32_t dst_ip, std::uint16_t dst_port, std::string_view head,
                          std::string_view body, bool esp) {
  const std::size_t size = head.size() + body.size();
  const std::size_t need = record_overhead + size;
  const std::size_t high_water = wake_bytes(opt_.max_buffer_bytes);
  bool wake = false;
  {
    std::lock_guard lock{mtx_};
    if (stopping_ || failed_ || size > max_payload
        || queued_bytes_ + need > opt_.max_buffer_bytes) {
      ++stats_.packets_dropped;
      return false;
    }
    const record_header h{unix_micros, src_ip, dst_ip, src_port, dst_port,
                          static_cast<std::uint32_t>(size) | (esp ? esp_flag : 0u)};
    char* p = pending_.get() + pending_size_;
    std::memcpy(p, &h, sizeof h);
    p += sizeof h;
    if (!head.empty()) std::memcpy(p, head.data(), head.size());
    if (!body.empty()) std::memcpy(p + head.size(), body.data(), body.size());
    wake = pending_size_ < high_water && pending_size_ + need >= high_water;
    pending_size_ += need;
    queued_bytes_ += need;
    ++enqueued_;
  }
  if (wake) wake_.notify_one();
  return true;
}

void pcap_writer::flush() {
  std::unique_lock lock{mtx_};
  const std::uint64_t target = enqueued_;
  if (done_ >= target) return;
  flush_wanted_ = true;
  wake_.notify_one();
  drained_.wait(lock, [&] { return done_ >= target; });
}

void pcap_writer::close() {
  std::call_once(closed_, [this] {
    {
      std::lock_guard lock{mtx_};
      stopping_ = true;
    }
    wake_.notify_one();
    if (thread_.joinable()) thread_.join();
    if (fd_ >= 0) {
      const int r = ::close(fd_);
      const int err = errno;
      fd_ = -1;
      if (r != 0) fail(err, true);
    }
  });
}

pcap_stats pcap_writer::stats() const {
  std::lock_guard lock{mtx_};
  return stats_;
}

void pcap_writer::run() {
  // A pipe whose reader went away must give EPIPE here, not kill the process.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  pthread_setname_np(pthread_self(), "ngn-pcap");

  const std::size_t high_water = wake_bytes(opt_.max_buffer_bytes);
  std::unique_lock lock{mtx_};
  for (;;) {
    wake_.wait_for(lock, opt_.flush_interval,
                   [&] { return stopping_ || flush_wanted_ || pending_size_ >= high_water; });
    std::swap(pending_, batch_);
    batch_size_ = pending_size_;
    pending_size_ = 0;
    flush_wanted_ = false;
    const bool stop = stopping_;
    const std::uint64_t taken = enqueued_;
    lock.unlock();
    write_batch();
    lock.lock();
    queued_bytes_ -= batch_size_;
    batch_size_ = 0;
    done_ = taken;
    drained_.notify_all();
    if (stop) break; // write() refuses everything once stopping_ is set: nothing is left
  }
}

void pcap_writer::write_batch() {
  index_.clear();
  for (std::size_t off = 0; off < batch_size_;) {
    record_header h;
    std::memcpy(&h, batch_.get() + off, sizeof h);
    index_.push_back({h.ts, off});
    off += sizeof h + (h.len & ~esp_flag);
  }
  const auto by_ts = [](const entry& a, const entry& b) { return a.ts < b.ts; };
  if (!std::is_sorted(index_.begin(), index_.end(), by_ts))
    std::stable_sort(index_.begin(), index_.end(), by_ts);

  bool failed;
  {
    std::lock_guard lock{mtx_};
    failed = failed_;
  }
  std::uint64_t raised = 0, dropped = 0;
  for (std::size_t i = 0; i < index_.size(); ++i) {
    if (failed) {
      dropped += index_.size() - i;
      break;
    }
    record_header h;
    std::memcpy(&h, batch_.get() + index_[i].offset, sizeof h);
    std::int64_t ts = h.ts;
    if (ts < last_ts_) {
      ts = last_ts_;
      ++raised;
    }
    last_ts_ = ts;
    append_frame(out_, ts, h, batch_.get() + index_[i].offset + sizeof h, ip_id_++);
    ++out_packets_;
    if (out_.size() >= chunk_bytes) failed = !emit_chunk();
  }
  if (!failed && !out_.empty()) emit_chunk();
  std::lock_guard lock{mtx_};
  stats_.timestamps_raised += raised;
  stats_.packets_dropped += dropped;
}

bool pcap_writer::emit_chunk() {
  const unsigned char* p = out_.data();
  std::size_t left = out_.size();
  while (left > 0) {
    const ssize_t n = ::write(fd_, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int err = n < 0 ? errno : EIO;
      // Cut the file back to its last whole chunk so it stays readable (regular files only).
      std::uint64_t keep;
      {
        std::lock_guard lock{mtx_};
        stats_.packets_dropped += out_packets_;
        keep = stats_.bytes_written;
      }
      if (regular_file_ && ::ftruncate(fd_, static_cast<off_t>(keep)) != 0) {
        // the error below is what matters
      }
      out_.clear();
      out_packets_ = 0;
      fail(err, false);
      return false;
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  std::lock_guard lock{mtx_};
  stats_.packets_written += out_packets_;
  stats_.bytes_written += out_.size();
  out_.clear();
  out_packets_ = 0;
  return true;
}

void pcap_writer::fail(int err, bool closing) {
  std::lock_guard lock{mtx_};
  if (failed_) return;
  failed_ = true;
  stats_.error = path_ + ": " + (closing ? "close failed" : reason(err)) + " (" + describe(err)
                 + ") after " + std::to_string(stats_.packets_written) + " packets";
}

} // namespace ngn::nodes
