// Files that hold secrets (the AuC database with K and OPc, `subscribers export`, key logs):
// created 0600 whatever the umask, never through a symbolic link (issue 12 item 6).
#pragma once

#include <string>

namespace ngn {

/// A descriptor open for writing, or why not (the message names the path, escaped).
struct private_file {
  int fd = -1;
  std::string error;
};

/// Opens `path` for writing, truncated, mode exactly 0600 (fchmod after open: the umask only
/// clears bits). O_NOFOLLOW: a symbolic link at `path` is an error, never followed; something
/// other than a regular file (a directory, a FIFO) is an error too. The caller closes `fd`.
private_file open_private_file(const std::string& path);

/// Creates `path` empty with mode 0600 when nothing is there yet (O_CREAT | O_EXCL: a file
/// that appears meanwhile is left alone), so that SQLite, which keeps the mode of an existing
/// database file for it and its -wal/-shm, never creates it with the umask's mode. Returns
/// "" or why not: a symbolic link at `path` is refused.
std::string precreate_private_file(const std::string& path);

} // namespace ngn
