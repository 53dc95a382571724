// What this process uses of the machine (CPU time, resident memory) and handing freed memory
// back to the system: the figures of the run report, the --stats series and --metrics.
#pragma once

namespace ngn::nodes {

/// User + system CPU time of this process so far, in seconds (getrusage).
double process_cpu_seconds();
/// Current resident set size in KiB (/proc/self/statm); 0 if it cannot be read.
long current_rss_kb();
/// The largest resident set size this process had so far, in KiB (getrusage's ru_maxrss).
long peak_rss_kb();
/// Returns freed memory to the operating system (jemalloc's purge when the executable runs on
/// it, else glibc's malloc_trim), so that a following current_rss_kb() measures what is in use.
void release_free_memory();

} // namespace ngn::nodes
