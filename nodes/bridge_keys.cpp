// CURVE keys of the node links (bridge_keys.hpp).
#include "nodes/bridge_keys.hpp"

#include "crypto/hkdf.hpp"
#include "crypto/secret.hpp"

#include <zmq.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace ngn::nodes {

namespace {

using secret32 = crypto::secret<32>;

std::string sys_error() { return std::strerror(errno); }

/// Z85 text of 32 bytes.
std::string z85_of(const std::uint8_t* key32) {
  char buf[topology::z85_key_length + 1];
  if (zmq_z85_encode(buf, key32, 32) == nullptr)
    return {};
  std::string s(buf, topology::z85_key_length);
  crypto::secure_zero(buf, sizeof buf);
  return s;
}

/// Writes all of `text` to a new file (O_EXCL) of mode `mode`.
std::string write_new_file(const std::string& path, const std::string& text, mode_t mode) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0)
    return path + ": " + sys_error() + (errno == EEXIST ? " (keys are never overwritten)" : "");
  // The umask may have cleared bits, never added any: fchmod makes the mode exact.
  std::string why;
  if (::fchmod(fd, mode) != 0)
    why = path + ": chmod: " + sys_error();
  std::size_t done = 0;
  while (why.empty() && done < text.size()) {
    auto n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      why = path + ": write: " + sys_error();
    else
      done += static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0 && why.empty())
    why = path + ": close: " + sys_error();
  return why;
}

} // namespace

curve_key_pair::~curve_key_pair() {
  if (!secret_key.empty())
    crypto::secure_zero(secret_key.data(), secret_key.size());
}

bool curve_available() noexcept { return zmq_has("curve") == 1; }

keys_or_error<std::string> curve_public_of(std::string_view secret_z85) {
  keys_or_error<std::string> r;
  if (auto why = topology::check_z85_key(secret_z85); !why.empty()) {
    r.error = "not a CURVE secret key: " + why;
    return r;
  }
  char sec[topology::z85_key_length + 1];
  std::memcpy(sec, secret_z85.data(), topology::z85_key_length);
  sec[topology::z85_key_length] = '\0';
  char pub[topology::z85_key_length + 1] = {};
  const int rc = zmq_curve_public(pub, sec);
  crypto::secure_zero(sec, sizeof sec);
  if (rc != 0)
    r.error = std::string("zmq_curve_public failed: ") + zmq_strerror(zmq_errno());
  else
    r.value.assign(pub, topology::z85_key_length);
  return r;
}

keys_or_error<curve_key_pair> derive_curve_keys(byte_view master_secret, std::string_view node) {
  keys_or_error<curve_key_pair> r;
  // HKDF-SHA256 (RFC 5869), salt "ngnemu" as every other derived key (crypto/derivation.hpp);
  // Curve25519 accepts any 32 bytes as a secret key (it clamps them).
  constexpr std::string_view salt = "ngnemu";
  const std::string info = "ngnemu curve " + std::string(node);
  secret32 sk;
  if (!crypto::hkdf_sha256(master_secret, byte_view{salt}, byte_view{info}, sk.data(), sk.size())) {
    r.error = "HKDF failed for node '" + std::string(node) + "'";
    return r;
  }
  r.value.secret_key = z85_of(sk.data());
  auto pub = curve_public_of(r.value.secret_key);
  if (!pub) {
    r.error = "node '" + std::string(node) + "': " + pub.error;
    return r;
  }
  r.value.public_key = std::move(pub.value);
  return r;
}

keys_or_error<curve_key_pair> generate_curve_keys() {
  keys_or_error<curve_key_pair> r;
  char pub[topology::z85_key_length + 1] = {};
  char sec[topology::z85_key_length + 1] = {};
  if (zmq_curve_keypair(pub, sec) != 0) {
    r.error = std::string("zmq_curve_keypair failed: ") + zmq_strerror(zmq_errno())
              + (curve_available() ? "" : " (this libzmq has no CURVE)");
    return r;
  }
  r.value.public_key.assign(pub, topology::z85_key_length);
  r.value.secret_key.assign(sec, topology::z85_key_length);
  crypto::secure_zero(sec, sizeof sec);
  return r;
}

keys_or_error<curve_key_pair> read_secret_key_file(const std::string& path) {
  keys_or_error<curve_key_pair> r;
  auto fail = [&](std::string why) {
    r.error = "key file " + path + ": " + std::move(why);
    return r;
  };
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0)
    return fail(sys_error());
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    ::close(fd);
    return fail(sys_error());
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return fail("not a regular file");
  }
  if ((st.st_mode & 077) != 0) {
    ::close(fd);
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    return fail(std::string("mode ") + mode
                + ": a secret key must be readable by its owner only (chmod 600 " + path + ")");
  }
  const auto size = static_cast<std::size_t>(st.st_size);
  if (size != topology::z85_key_length && size != topology::z85_key_length + 1) {
    ::close(fd);
    return fail(std::to_string(size) + " bytes: a secret key file holds the 40 Z85 characters of "
                "the key and at most a newline (ngnemu keys generate)");
  }
  char buf[topology::z85_key_length + 1] = {};
  const auto n = ::read(fd, buf, size);
  ::close(fd);
  if (n != static_cast<ssize_t>(size)) {
    crypto::secure_zero(buf, sizeof buf);
    return fail("short read");
  }
  if (size == topology::z85_key_length + 1 && buf[topology::z85_key_length] != '\n') {
    crypto::secure_zero(buf, sizeof buf);
    return fail("41st byte is not a newline");
  }
  r.value.secret_key.assign(buf, topology::z85_key_length);
  crypto::secure_zero(buf, sizeof buf);
  auto pub = curve_public_of(r.value.secret_key);
  if (!pub)
    return fail(pub.error);
  r.value.public_key = std::move(pub.value);
  return r;
}

std::string write_key_files(const std::string& dir, const std::string& name,
                            const curve_key_pair& keys) {
  const std::string base = (dir.empty() ? std::string(".") : dir) + "/" + name;
  std::string secret_text = keys.secret_key + "\n";
  auto why = write_new_file(base + ".key", secret_text, 0600);
  crypto::secure_zero(secret_text.data(), secret_text.size());
  if (!why.empty())
    return why;
  return write_new_file(base + ".pub", keys.public_key + "\n", 0644);
}

keys_or_error<node_link_keys> resolve_link_keys(const topology::topology& t,
                                                std::string_view self,
                                                const std::string& key_file) {
  keys_or_error<node_link_keys> r;
  const std::string me(self);
  const auto* node = t.find_node(self);
  if (node == nullptr) {
    r.error = "no node '" + me + "' in the topology";
    return r;
  }
  if (t.emulation.security == topology::link_security::none) {
    if (!key_file.empty())
      r.error = "--key-file: the topology says security = \"none\" (unsecured links): a key "
                "cannot apply";
    return r;
  }
  if (!curve_available()) {
    r.error = "this libzmq has no CURVE (zmq_has(\"curve\") is false): the node links cannot be "
              "secured; install a libzmq with CURVE or set security = \"none\"";
    return r;
  }
  r.value.curve = true;
  r.value.derived = node->public_key.empty();
  if (r.value.derived) {
    if (!key_file.empty()) {
      r.error = "--key-file: the topology lists no public_key, so every node's keys derive from "
                "the subscriber secret; list every node's public_key to use key files";
      return r;
    }
    for (const auto& n : t.nodes) {
      auto k = derive_curve_keys(t.subscribers.secret, n.name);
      if (!k) {
        r.error = k.error;
        return r;
      }
      if (n.name == me)
        r.value.self = k.value;
      else
        r.value.peer_keys.push_back(k.value.public_key);
    }
    return r;
  }
  const std::string& file = key_file.empty() ? node->secret_key_file : key_file;
  if (file.empty()) {
    r.error = "node '" + me + "' has a public_key in the topology: give its secret key file with "
              "--key-file or secret_key_file (ngnemu keys generate)";
    return r;
  }
  auto k = read_secret_key_file(file);
  if (!k) {
    r.error = k.error;
    return r;
  }
  if (k.value.public_key != node->public_key) {
    r.error = "key file " + file + " holds the secret key of public key " + k.value.public_key
              + ", not node '" + me + "''s public_key " + node->public_key;
    return r;
  }
  r.value.self = k.value;
  for (const auto& n : t.nodes)
    if (n.name != me)
      r.value.peer_keys.push_back(n.public_key);
  return r;
}

} // namespace ngn::nodes
