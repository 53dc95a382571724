#include "protocols/common/private_file.hpp"
#include "protocols/common/escape.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace ngn {

namespace {

std::string why(const std::string& path, const char* what, int err) {
  std::string msg = escape_text(path) + ": " + what;
  if (err == ELOOP)
    msg += "it is a symbolic link (refused: a file holding secrets is never written through "
           "one; give the link's target instead)";
  else
    msg += std::strerror(err);
  return msg;
}

} // namespace

private_file open_private_file(const std::string& path) {
  private_file f;
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) {
    f.error = why(path, "cannot create: ", errno);
    return f;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    f.error = escape_text(path) + ": not a regular file (a file holding secrets must be one)";
    ::close(fd);
    return f;
  }
  // An existing file keeps its mode on O_CREAT and a new one gets 0600 & ~umask: exact 0600.
  if (::fchmod(fd, 0600) != 0) {
    f.error = why(path, "chmod 0600: ", errno);
    ::close(fd);
    return f;
  }
  f.fd = fd;
  return f;
}

std::string precreate_private_file(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0) {
    if (S_ISLNK(st.st_mode)) return why(path, "", ELOOP);
    return {}; // an existing database keeps the mode its owner gave it
  }
  if (errno != ENOENT) return why(path, "", errno);
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return {}; // created meanwhile: SQLite decides what it is
    return why(path, "cannot create: ", errno);
  }
  std::string error;
  if (::fchmod(fd, 0600) != 0) error = why(path, "chmod 0600: ", errno);
  ::close(fd);
  return error;
}

} // namespace ngn
