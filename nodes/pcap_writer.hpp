// The trace file of `ngnemu run --pcap FILE` (DESIGN.md §3 "a pcap of it decodes in Wireshark",
// §6 "Wire"): every message of every hop as one Ethernet / IPv4 (RFC 791) / UDP (RFC 768) packet
// in a classic libpcap file (magic a1b2c3d4, microsecond timestamps, LINKTYPE_ETHERNET — what
// every reader handles; checked with tshark 4.0). Each element's MAC is 02:00 followed by its
// IPv4 address (locally administered); IPv4 has IHL 5, DF, TTL 64, the header checksum and an
// id that increments in file order; UDP carries its checksum over the pseudo header.
//
// Writing the trace must not distort the emulation: write() never blocks on I/O. It copies the
// payload into a bounded in-memory queue that a writer thread drains; when the queue is over its
// byte bound the packet is dropped and counted. An I/O error (disk full, ...) stops the writing;
// the error is kept in stats().error and later packets are dropped and counted.
//
// Timestamp order. Packets are sorted (stably) by timestamp within every batch the writer thread
// drains (every `flush_interval`, or sooner once 1 MiB or a quarter of the bound is queued), so
// packets of different threads that reach the queue within the same batch are in timestamp
// order, and packets of one thread keep the order of its write() calls when their timestamps are
// equal. The file's timestamps are always non-decreasing: a packet whose timestamp is earlier than
// a packet already written by an earlier batch (a caller preempted between reading its clock and
// calling write()) is written with that later timestamp instead and counted in
// stats().timestamps_raised. Callers must pass non-decreasing timestamps per thread.
//
// No CAF here: usable from any thread, tested on its own.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace ngn::nodes {

struct pcap_options {
  /// Bound on the bytes queued and not yet written (payloads + 24 bytes each). The queue's
  /// memory is reserved up front but only touched when used; at most twice this is resident.
  std::size_t max_buffer_bytes = std::size_t{64} << 20;
  /// How often the writer thread drains the queue when less than 1 MiB (or a quarter of the
  /// bound) is queued.
  std::chrono::milliseconds flush_interval{20};
};

struct pcap_stats {
  std::uint64_t packets_written = 0;   ///< handed to the kernel
  std::uint64_t packets_dropped = 0;   ///< queue full, too large, after an error or close()
  std::uint64_t bytes_written = 0;     ///< file bytes, headers included
  std::uint64_t timestamps_raised = 0; ///< written with a later timestamp to keep the order
  std::string error;                   ///< empty, or "trace.pcap: disk full (...) after N packets"
};

class pcap_writer {
public:
  using options = pcap_options;
  using stats_type = pcap_stats;

  /// Largest UDP payload of one IPv4 packet (65535 − 20 − 8); larger ones are dropped.
  static constexpr std::size_t max_payload = 65507;
  /// Queue cost of one packet beyond its payload.
  static constexpr std::size_t record_overhead = 24;

  /// Creates (truncates) `path` and starts the writer thread. Throws std::runtime_error naming
  /// the path and the system's reason if the file cannot be created. (A named pipe blocks here
  /// until a reader opens it.)
  explicit pcap_writer(std::string path, options opt = {});
  ~pcap_writer(); ///< close()
  pcap_writer(const pcap_writer&) = delete;
  pcap_writer& operator=(const pcap_writer&) = delete;

  /// Queues one UDP packet (addresses and ports in host byte order). Thread-safe, never blocks
  /// on I/O: false if the packet was dropped (queue over its bound, payload over max_payload,
  /// after an I/O error or after close()) — dropped packets are counted.
  bool write(std::int64_t unix_micros, std::uint32_t src_ip, std::uint16_t src_port,
             std::uint32_t dst_ip, std::uint16_t dst_port, std::string_view payload) {
    return write(unix_micros, src_ip, src_port, dst_ip, dst_port, {}, payload);
  }
  /// The same with the UDP payload `head` followed by `body`, gathered in the one copy.
  bool write(std::int64_t unix_micros, std::uint32_t src_ip, std::uint16_t src_port,
             std::uint32_t dst_ip, std::uint16_t dst_port, std::string_view head,
             std::string_view body);

  /// Queues one ESP packet (RFC 4303) as IP protocol 50 between `src_ip` and `dst_ip`: the ESP
  /// header and everything after it, no UDP header. Same guarantees as write().
  bool write_esp(std::int64_t unix_micros, std::uint32_t src_ip, std::uint32_t dst_ip,
                 std::string_view packet);

  /// Blocks until every packet queued before the call is written (or dropped by an error).
  /// For shutdown and tests, not for the emulation's threads.
  void flush();
  /// Drains the queue, writes it, closes the file and joins the writer thread. Idempotent.
  /// (Waits for the writer thread: on a named pipe, for its reader to take the data.)
  void close();

  pcap_stats stats() const;
  const std::string& path() const noexcept { return path_; }

private:
  bool enqueue(std::int64_t unix_micros, std::uint32_t src_ip, std::uint16_t src_port,
               std::uint32_t dst_ip, std::uint16_t dst_port, std::string_view head,
               std::string_view body, bool esp);
  void run();
  void write_batch();
  bool emit_chunk();
  void fail(int err, bool closing);

  const std::string path_;
  const options opt_;
  int fd_ = -1;

  // Shared with the callers, guarded by mtx_.
  mutable std::mutex mtx_;
  std::condition_variable wake_;    ///< the writer: work or stop
  std::condition_variable drained_; ///< flush(): a batch is done
  std::unique_ptr<char[]> pending_; ///< records: 24-byte header + payload each
  std::size_t pending_size_ = 0;
  std::size_t queued_bytes_ = 0;    ///< pending_ + the batch being written
  std::uint64_t enqueued_ = 0;      ///< records accepted so far
  std::uint64_t done_ = 0;          ///< records written or dropped by the writer
  bool flush_wanted_ = false;
  bool stopping_ = false;
  bool failed_ = false;
  pcap_stats stats_;

  // The writer thread's own.
  std::unique_ptr<char[]> batch_;   ///< swapped with pending_: no copy, no reallocation
  std::size_t batch_size_ = 0;
  struct entry {
    std::int64_t ts;
    std::size_t offset;
  };
  std::vector<entry> index_;
  std::vector<unsigned char> out_;      ///< file bytes not yet written
  std::uint64_t out_packets_ = 0;       ///< packets in out_
  bool regular_file_ = false;           ///< a failed chunk is cut off again (ftruncate)
  std::int64_t last_ts_ = 0;
  std::uint16_t ip_id_ = 0;
  std::thread thread_;
  std::once_flag closed_;
};

} // namespace ngn::nodes
